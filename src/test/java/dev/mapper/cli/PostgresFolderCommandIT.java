package dev.mapper.cli;

import dev.mapper.Engine;

/** {@link FolderTest}'s tests on a real PostgreSQL server. */
class PostgresFolderCommandIT extends FolderTest {
    @Override
    Engine engine() {
        return Engine.POSTGRES;
    }
}
