package dev.mapper.cli;

import dev.mapper.Engine;

/** {@link ReportTest}'s tests on a real PostgreSQL server. */
class PostgresReportIT extends ReportTest {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
