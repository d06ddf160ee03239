package dev.mapper.cli;

import dev.mapper.Engine;

/** {@link TableTargetTest}'s tests on a real PostgreSQL server. */
class PostgresTableTargetCommandIT extends TableTargetTest {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
