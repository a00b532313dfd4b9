package io.atozwatch.app.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance's local state, checked before Kafka Streams opens it. A process killed while Kafka Streams deletes a
 * task's state (under exactly-once, a task closed dirty is wiped) can leave a RocksDB store half deleted: its
 * {@code CURRENT} file naming a manifest that is gone, say. Kafka Streams then fails to open it when the instance
 * starts, and the instance cannot start again until someone deletes the directory. Every store here is rebuilt from
 * its changelog, so a task directory holding a store RocksDB cannot open is deleted instead, and the task restores.
 */
final class LocalState {
    private static final Logger log = LoggerFactory.getLogger(LocalState.class);

    static {
        RocksDB.loadLibrary();
    }

    private LocalState() {}

    /**
     * Deletes each task directory under {@code applicationDir} (the state directory's folder for one application id)
     * that holds a RocksDB store RocksDB cannot open, read-only. @return the task directories deleted
     */
    static List<String> wipeUnreadable(Path applicationDir) {
        List<String> wiped = new ArrayList<>();
        if (!Files.isDirectory(applicationDir)) {
            return wiped;
        }
        for (Path task : children(applicationDir)) {
            Path rocksdb = task.resolve("rocksdb");
            if (!Files.isDirectory(rocksdb)) {
                continue;
            }
            for (Path store : children(rocksdb)) {
                String problem = isRocksDb(store) ? unreadable(store) : null;
                if (problem != null) {
                    log.warn(
                            "event=local-state-unreadable task={} store={} problem=\"{}\" action=\"task directory deleted;"
                                    + " the task restores from its changelogs\"",
                            task.getFileName(),
                            store.getFileName(),
                            problem);
                    delete(task);
                    wiped.add(task.getFileName().toString());
                    break;
                }
            }
        }
        return wiped;
    }

    /** A directory RocksDB has written a database in (not a folder of segments, each a database of its own). */
    private static boolean isRocksDb(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.equals("CURRENT") || n.startsWith("MANIFEST-") || n.endsWith(".sst"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Why RocksDB cannot open the database in {@code dir} read-only, or null if it can. */
    private static String unreadable(Path dir) {
        String path = dir.toString();
        try (Options options = new Options()) {
            List<byte[]> families = RocksDB.listColumnFamilies(options, path);
            if (families.isEmpty()) {
                return "RocksDB finds no column family in it (its manifest is gone)";
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
                    DBOptions dbOptions = new DBOptions()) {
                List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
                families.forEach(f -> descriptors.add(new ColumnFamilyDescriptor(f, familyOptions)));
                try (RocksDB db = RocksDB.openReadOnly(dbOptions, path, descriptors, handles)) {
                    handles.forEach(ColumnFamilyHandle::close);
                    return null;
                }
            }
        } catch (RocksDBException e) {
            return e.getMessage();
        }
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void delete(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
