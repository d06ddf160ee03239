package dev.mapper.cli;

import dev.mapper.Engine;

/** {@link RowsRevisionTest}'s tests on a real PostgreSQL server. */
class PostgresRowsRevisionIT extends RowsRevisionTest {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
