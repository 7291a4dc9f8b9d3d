package io.raftbus.log;

import java.util.Objects;

/**
 * One member of the cluster: its id and the address of its Raft (gRPC) port.
 *
 * @param id the node id, {@code [A-Za-z0-9_-]+}.
 * @param host the host or IP address.
 * @param port the Raft port.
 */
public record PeerAddress(String id, String host, int port) {
    /** Checks the invariants. */
    public PeerAddress {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        if (!id.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("node id must match [A-Za-z0-9_-]+: '" + id + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses {@code id=host:port}.
     *
     * @param spec the text.
     * @return the address.
     * @throws IllegalArgumentException naming the bad text.
     */
    public static PeerAddress parse(String spec) {
        String s = spec.trim();
        int eq = s.indexOf('=');
        int colon = s.lastIndexOf(':');
        if (eq < 1 || colon < eq + 2 || colon == s.length() - 1) {
            throw new IllegalArgumentException("expected id=host:port but got '" + spec + "'");
        }
        try {
            return new PeerAddress(s.substring(0, eq), s.substring(eq + 1, colon),
                    Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + spec + "'", e);
        }
    }

    /**
     * Returns {@code host:port}.
     *
     * @return the address text.
     */
    public String hostPort() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return id + "=" + hostPort();
    }
}
