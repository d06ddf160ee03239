package dev.mapper.cli;

import dev.mapper.Engine;

/** {@link InspectCommandsTest}'s tests on a real PostgreSQL server. */
class PostgresInspectCommandsIT extends InspectCommandsTest {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
