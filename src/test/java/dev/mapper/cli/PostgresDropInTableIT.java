package dev.mapper.cli;

import dev.mapper.Engine;

/** {@link DropInTableTest}'s tests on a real PostgreSQL server. */
class PostgresDropInTableIT extends DropInTableTest {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
