package dev.mapper.model;

import dev.mapper.diag.Pos;

/** A JEXL expression as written in the mapping file (a transform or a check). */
public record Expr(String text, Pos pos) {}
