package dev.mapper;

/** The example database's settings documents (examples/llama-dashboard.sql) and what 004 makes of them. */
public final class Example004 {
    /** server_config row 'config'. */
    public static final String SERVER_CONFIG = "{\"serverPath\":\"\",\"host\":\"localhost\",\"port\":8080,\"baseModelsPath\":\"\",\"ctx_size\":4096,"
            + "\"threads\":4,\"batch_size\":512,\"temperature\":0.7,\"repeatPenalty\":1.1,\"llama_server_port\":8080,"
            + "\"llama_server_host\":\"0.0.0.0\",\"llama_server_metrics\":true,\"auto_start_on_launch\":true}";
    /** metadata row 'user_settings'. */
    public static final String USER_SETTINGS = "{\"maxModelsLoaded\":1,\"parallelSlots\":4,\"gpuLayers\":0,\"logLevel\":\"info\",\"maxFileSize\":10485760,"
            + "\"maxFiles\":7,\"enableFileLogging\":true,\"enableDatabaseLogging\":true,\"enableConsoleLogging\":true}";
    /** router_config row 'config' after 004. */
    public static final String ROUTER_CONFIG = "{\"modelsPath\":\"./models\",\"serverPath\":\"/home/bamer/llama.cpp/build/bin/llama-server\","
            + "\"host\":\"0.0.0.0\",\"port\":8080,\"maxModelsLoaded\":1,\"parallelSlots\":4,\"ctxSize\":4096,\"gpuLayers\":0,\"threads\":4,"
            + "\"batchSize\":512,\"temperature\":0.7,\"repeatPenalty\":1.1,\"metricsEnabled\":true,\"autoStartOnLaunch\":true}";
    /** logging_config row 'config' after 004. */
    public static final String LOGGING_CONFIG = "{\"level\":\"info\",\"maxFileSize\":10485760,\"maxFiles\":7,\"enableFileLogging\":true,"
            + "\"enableDatabaseLogging\":true,\"enableConsoleLogging\":true}";

    private Example004() {}
}
