package io.raftbus.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real small disks for disk-full tests: tmpfs mounts (root only) and a filler that takes their last byte. */
public final class Tmpfs {
    private Tmpfs() {
    }

    /**
     * Mounts a tmpfs of {@code size} (as {@code mount -o size=}, e.g. {@code 64m}) on a directory, creating it.
     *
     * @param dir the mount point.
     * @param size the size.
     * @return whether it is mounted; false when not run as root.
     * @throws IOException if {@code mount} cannot run.
     * @throws InterruptedException if interrupted while waiting for it.
     */
    public static boolean mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()) == 0;
    }

    /**
     * Unmounts a tmpfs (lazily, so a process still holding files in it does not stop the test's cleanup).
     *
     * @param dir the mount point.
     * @throws IOException if {@code umount} cannot run.
     * @throws InterruptedException if interrupted while waiting for it.
     */
    public static void unmount(Path dir) throws IOException, InterruptedException {
        run("umount", "-l", dir.toString());
    }

    /**
     * Writes real blocks into a new file (tmpfs allocates on write) until the file system refuses even a byte.
     *
     * @param filler the file to create.
     * @throws IOException if the file cannot be created.
     */
    public static void fillToTheLastByte(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (FileOutputStream out = new FileOutputStream(filler.toFile())) {
            while (true) {
                try {
                    out.write(block);
                } catch (IOException full) {
                    break;
                }
            }
            for (int small = 4096; small > 0; small /= 2) {
                try {
                    out.write(block, 0, small);
                } catch (IOException full) {
                    // try a smaller piece
                }
            }
        }
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
