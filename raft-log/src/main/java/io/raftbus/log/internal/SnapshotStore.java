package io.raftbus.log.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;

/**
 * Snapshots of one group's store, kept in Ratis' state-machine directory so that Ratis can ship them to a
 * follower that is too far behind (install snapshot), and so that an installed snapshot replaces them whole.
 *
 * <pre>
 * &lt;ratis storage&gt;/&lt;group&gt;/sm/
 *   snapshot.&lt;term&gt;_&lt;index&gt;/       a RocksDB checkpoint: *.sst (hard links), MANIFEST-*, CURRENT, OPTIONS-*
 *   snapshot.&lt;term&gt;_&lt;index&gt;.tmp/   a checkpoint being written; ignored and removed on start
 * </pre>
 *
 * <p>A directory is renamed to its final name only once the checkpoint is complete, so a crash never leaves a
 * half snapshot that looks whole. Ratis checks an MD5 of every file it transfers.
 */
final class SnapshotStore implements StateMachineStorage {
    private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

    private volatile File smDir;
    private volatile FileListSnapshotInfo latest;

    @Override
    public void init(RaftStorage storage) throws IOException {
        this.smDir = storage.getStorageDir().getStateMachineDir();
        Files.createDirectories(smDir.toPath());
        reload();
    }

    /**
     * Re-reads the directory, after start-up or after Ratis installed a snapshot sent by the leader.
     *
     * @throws IOException if the directory cannot be listed.
     */
    synchronized void reload() throws IOException {
        try (Stream<Path> list = Files.list(smDir.toPath())) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (p.getFileName().toString().endsWith(".tmp")) {
                    ChannelStore.deleteRecursively(p);
                }
            }
        }
        List<Path> dirs = snapshotDirs();
        latest = dirs.isEmpty() ? null : describe(dirs.get(dirs.size() - 1));
    }

    /**
     * Takes a snapshot at the given term-index using the given writer.
     *
     * @param ti the last applied term-index, the snapshot's name.
     * @param writer writes a checkpoint into a directory that does not exist yet.
     * @throws IOException if writing fails; nothing is published then.
     */
    synchronized void take(TermIndex ti, CheckpointWriter writer) throws IOException {
        Path target = smDir.toPath().resolve(name(ti));
        if (Files.exists(target)) {
            return;
        }
        Path tmp = smDir.toPath().resolve(name(ti) + ".tmp");
        ChannelStore.deleteRecursively(tmp);
        writer.write(tmp);
        publish(tmp, target);
    }

    /**
     * Takes a snapshot of a store that is still being written to: the checkpoint holds the store as of some
     * entry, and the term-index recorded inside it names the snapshot.
     *
     * @param writer writes a checkpoint into a directory that does not exist yet.
     * @param recorded reads the applied term and index recorded in a checkpoint.
     * @return the snapshot's term-index; the newest snapshot's if the checkpoint is not newer than it.
     * @throws IOException if writing fails; nothing is published then.
     */
    TermIndex takeAsRecorded(CheckpointWriter writer, AppliedReader recorded) throws IOException {
        // Written without holding the monitor: Ratis calls cleanupOldSnapshots on the apply thread after every
        // takeSnapshot, also while this checkpoint is being written, and must not wait for it. Only one
        // background checkpoint runs at a time, so the temporary directory is this call's own.
        Path tmp = smDir.toPath().resolve("snapshot.background.tmp");
        ChannelStore.deleteRecursively(tmp);
        writer.write(tmp);
        long[] applied = recorded.applied(tmp);
        TermIndex ti = TermIndex.valueOf(applied[0], applied[1]);
        synchronized (this) {
            FileListSnapshotInfo newest = latest;
            Path target = smDir.toPath().resolve(name(ti));
            if (applied[1] < 0 || newest != null && newest.getIndex() >= ti.getIndex() || Files.exists(target)) {
                ChannelStore.deleteRecursively(tmp);
                return newest == null ? null : newest.getTermIndex();
            }
            publish(tmp, target);
            return ti;
        }
    }

    private void publish(Path tmp, Path target) throws IOException {
        Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        latest = describe(target);
    }

    /** Reads the applied term and index recorded in a checkpoint directory. */
    interface AppliedReader {
        /**
         * Reads.
         *
         * @param checkpoint the directory.
         * @return {term, index}.
         * @throws IOException if it cannot be opened.
         */
        long[] applied(Path checkpoint) throws IOException;
    }

    /** Writes a checkpoint into a fresh directory. */
    interface CheckpointWriter {
        /**
         * Writes.
         *
         * @param dir a directory that does not exist yet.
         * @throws IOException on failure.
         */
        void write(Path dir) throws IOException;
    }

    /**
     * Returns the directory of the newest snapshot.
     *
     * @return the directory, or null if there is no snapshot.
     */
    Path latestDir() {
        FileListSnapshotInfo s = latest;
        return s == null ? null : smDir.toPath().resolve(name(s.getTermIndex()));
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return latest;
    }

    @Override
    public void format() {
        // Nothing to format: the directory is created by init.
    }

    @Override
    public synchronized void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
        int keep = Math.max(1, policy.getNumSnapshotsRetained());
        List<Path> dirs = snapshotDirs();
        for (int i = 0; i < dirs.size() - keep; i++) {
            ChannelStore.deleteRecursively(dirs.get(i));
        }
    }

    private List<Path> snapshotDirs() throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> list = Files.list(smDir.toPath())) {
            list.filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches())
                    .forEach(dirs::add);
        }
        dirs.sort(Comparator.comparingLong(p -> termIndex(p).getIndex()));
        return dirs;
    }

    private static FileListSnapshotInfo describe(Path dir) throws IOException {
        List<FileInfo> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : (Iterable<Path>) list.sorted()::iterator) {
                if (Files.isRegularFile(f) && !f.getFileName().toString().endsWith(".md5")) {
                    files.add(new FileInfo(f.toAbsolutePath(), null));
                }
            }
        }
        return new FileListSnapshotInfo(files, termIndex(dir));
    }

    private static TermIndex termIndex(Path dir) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a snapshot directory: " + dir);
        }
        return TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    private static String name(TermIndex ti) {
        return "snapshot." + ti.getTerm() + "_" + ti.getIndex();
    }
}
