package dev.mapper.cli;

import dev.mapper.Engine;

/** {@link RevisionTest}'s tests on a real PostgreSQL server. */
class PostgresRevisionIT extends RevisionTest {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
