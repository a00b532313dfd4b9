package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** A task directory holding a store RocksDB cannot open is deleted before Kafka Streams starts; the others stay. */
class LocalStateTest {

    static {
        RocksDB.loadLibrary();
    }

    @TempDir
    Path appDir;

    /** A RocksDB store with one record, at {@code <task>/rocksdb/<store>}. */
    private Path store(String task, String store) throws Exception {
        Path dir = appDir.resolve(task).resolve("rocksdb").resolve(store);
        Files.createDirectories(dir);
        try (Options options = new Options().setCreateIfMissing(true);
                RocksDB db = RocksDB.open(options, dir.toString())) {
            db.put("o-1".getBytes(StandardCharsets.UTF_8), "case".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(appDir.resolve(task).resolve(".checkpoint"), "0\n");
        return dir;
    }

    @Test
    void aTaskWhoseStoreLostItsManifestIsDeletedAndTheOthersAreKept() throws Exception {
        store("1_0", "order-cases");
        store("2_1", "merchant-state");
        Path halfDeleted = store("2_1", "merchant-facts-pending");
        try (Stream<Path> files = Files.list(halfDeleted)) {
            for (Path manifest : files.filter(f -> f.getFileName().toString().startsWith("MANIFEST-"))
                    .toList()) {
                Files.delete(manifest); // as a process killed while deleting the task's state leaves it
            }
        }
        Files.createDirectories(appDir.resolve("1_1").resolve("rocksdb").resolve("not-opened-yet"));

        assertThat(LocalState.wipeUnreadable(appDir)).containsExactly("2_1");

        assertThat(appDir.resolve("2_1")).doesNotExist();
        assertThat(appDir.resolve("1_1").resolve("rocksdb").resolve("not-opened-yet"))
                .isDirectory();
        try (Options options = new Options();
                RocksDB db = RocksDB.openReadOnly(
                        options, appDir.resolve("1_0/rocksdb/order-cases").toString())) {
            assertThat(new String(db.get("o-1".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                    .isEqualTo("case");
        }
    }

    @Test
    void noStateDirectoryYetIsNothingToCheck() {
        assertThat(LocalState.wipeUnreadable(appDir.resolve("never-started"))).isEmpty();
    }
}
