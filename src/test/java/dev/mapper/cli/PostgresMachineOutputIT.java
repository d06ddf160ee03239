package dev.mapper.cli;

import dev.mapper.Engine;

/** {@link MachineOutputTest}'s tests on a real PostgreSQL server. */
class PostgresMachineOutputIT extends MachineOutputTest {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
