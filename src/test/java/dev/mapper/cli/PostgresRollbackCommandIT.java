package dev.mapper.cli;

import dev.mapper.Engine;

/** {@link RollbackCommandTest}'s tests on a real PostgreSQL server. */
class PostgresRollbackCommandIT extends RollbackCommandTest {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
