package dev.mapper.plan;

import dev.mapper.model.KeyRule;

/**
 * The value a rule computes, and where it came from ({@code server.llama_server_port}, or
 * {@code default: server.baseModelsPath is blank}), so plans and errors can say why.
 */
public record KeyValue(KeyRule rule, Object value, String origin, boolean defaulted) {}
