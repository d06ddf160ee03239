package dev.mapper.cli;

import dev.mapper.Engine;

/** {@link ApplyCommandTest}'s tests on a real PostgreSQL server. */
class PostgresApplyCommandIT extends ApplyCommandTest {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
