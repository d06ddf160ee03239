package dev.mapper.plan;

import dev.mapper.model.KeyRule;

/**
 * The value a rule computes, and where it came from ({@code server.llama_server_port}, or
 * {@code default: server.baseModelsPath is blank}), so plans, reports and errors can say why.
 *
 * @param sourceValue the value found at the {@code from} path used (for a default: the first
 *                    blank one found), before transform and conversion; null when there was none
 */
public record KeyValue(KeyRule rule, Object value, String origin, boolean defaulted, Object sourceValue) {}
