package dev.mapper.cli;

import dev.mapper.Engine;

/** {@link BackupsCommandTest}'s tests on a real PostgreSQL server: the backup scripts in --backup-dir. */
class PostgresBackupsCommandIT extends BackupsCommandTest {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
