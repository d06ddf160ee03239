-- The legacy llama-dashboard database, as the app left it before migration 004.
-- Settings live in two JSON documents: server_config row 'config' and metadata row 'user_settings'.
-- The current age of the llama-dashboard schema (tests only), as the app creates it fresh today: the GGUF columns
-- and favorite in models, GPU and swap columns in metrics, the eight indexes; logs still without metadata.
-- Build a working copy with: java -cp target/mapper.jar examples/CreateDatabase.java examples/llama-dashboard.sql OUT.db

CREATE TABLE server_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER);
CREATE TABLE logs (id INTEGER PRIMARY KEY AUTOINCREMENT, level TEXT NOT NULL, message TEXT NOT NULL, source TEXT, timestamp INTEGER DEFAULT (strftime('%s','now')));
CREATE TABLE models (id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT DEFAULT 'llama', status TEXT DEFAULT 'idle', parameters TEXT DEFAULT '{}',
  model_path TEXT, file_size INTEGER, params TEXT, quantization TEXT, ctx_size INTEGER DEFAULT 4096, embedding_size INTEGER DEFAULT 0,
  block_count INTEGER DEFAULT 0, head_count INTEGER DEFAULT 0, head_count_kv INTEGER DEFAULT 0, ffn_dim INTEGER DEFAULT 0, file_type INTEGER DEFAULT 0,
  batch_size INTEGER DEFAULT 512,
  threads INTEGER DEFAULT 4, favorite INTEGER DEFAULT 0, created_at INTEGER, updated_at INTEGER);
CREATE TABLE metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, cpu_usage REAL, memory_usage REAL, disk_usage REAL, active_models INTEGER,
  uptime REAL, gpu_usage REAL DEFAULT 0, gpu_memory_used REAL DEFAULT 0, gpu_memory_total REAL DEFAULT 0, swap_usage REAL DEFAULT 0, timestamp INTEGER DEFAULT (strftime('%s','now')));

CREATE INDEX idx_models_status ON models(status);
CREATE INDEX idx_models_name ON models(name);
CREATE INDEX idx_models_created ON models(created_at DESC);
CREATE INDEX idx_metrics_timestamp ON metrics(timestamp DESC);
CREATE INDEX idx_logs_timestamp ON logs(timestamp DESC);
CREATE INDEX idx_logs_source ON logs(source);
CREATE INDEX idx_logs_level ON logs(level);
CREATE INDEX idx_metadata_key ON metadata(key);

INSERT INTO server_config (key, value) VALUES ('config',
  '{"serverPath":"","host":"localhost","port":8080,"baseModelsPath":"","ctx_size":4096,"threads":4,"batch_size":512,"temperature":0.7,"repeatPenalty":1.1,"llama_server_port":8080,"llama_server_host":"0.0.0.0","llama_server_metrics":true,"auto_start_on_launch":true}');

INSERT INTO metadata (key, value, updated_at) VALUES ('user_settings',
  '{"maxModelsLoaded":1,"parallelSlots":4,"gpuLayers":0,"logLevel":"info","maxFileSize":10485760,"maxFiles":7,"enableFileLogging":true,"enableDatabaseLogging":true,"enableConsoleLogging":true}',
  1764000000);
INSERT INTO metadata (key, value, updated_at) VALUES ('schema_version', '3', 1764000000);

INSERT INTO logs (level, message, source, timestamp) VALUES
  ('info', 'llama-server started on 0.0.0.0:8080', 'server', 1764000100),
  ('warn', 'model file missing: ./models/old.gguf', 'models', 1764000200),
  ('error', 'failed to load model: out of memory', 'router', 1764000300);

INSERT INTO models (id, name, type, status, model_path, file_size, params, quantization, ctx_size, created_at, updated_at) VALUES
  ('m1', 'Llama-3.2-3B-Instruct', 'llama', 'loaded', './models/Llama-3.2-3B-Instruct-Q4_K_M.gguf', 2019377696, '3B', 'Q4_K_M', 4096, 1764000000, 1764000000),
  ('m2', 'Qwen2.5-7B-Instruct', 'qwen2', 'unloaded', './models/Qwen2.5-7B-Instruct-Q5_K_M.gguf', 5444831456, '7B', 'Q5_K_M', 8192, 1764000000, 1764000000);

INSERT INTO metrics (cpu_usage, memory_usage, disk_usage, active_models, uptime, gpu_usage, gpu_memory_used, gpu_memory_total, timestamp) VALUES
  (12.5, 41.2, 63.0, 1, 3600.0, 35.0, 3221225472, 8589934592, 1764000010),
  (55.1, 48.7, 63.0, 1, 3605.0, 88.0, 6442450944, 8589934592, 1764000015),
  (8.0, 39.9, 63.1, 0, 3610.0, NULL, NULL, NULL, 1764000020);

UPDATE models SET favorite = 1, embedding_size = 3072, block_count = 28 WHERE id = 'm1';
UPDATE metrics SET swap_usage = 12.5 WHERE id = 2;
