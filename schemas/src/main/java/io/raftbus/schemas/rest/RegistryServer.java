package io.raftbus.schemas.rest;

import io.raftbus.schemas.SchemaRegistry;

/**
 * A Netty HTTP/1.1 server speaking the Confluent Schema Registry REST API in front of a {@link SchemaRegistry}
 * (see {@code docs/schema-registry-api.md} for every endpoint).
 *
 * <p>Lifecycle: {@link #launch} binds the port and returns; {@link #close} unbinds, closes every connection and
 * stops the server's threads; the registry is not closed. Thread-safe.
 */
public interface RegistryServer extends AutoCloseable {
    /**
     * Starts the server.
     *
     * @param config the settings.
     * @param registry the registry served; reads are answered from its state on an event loop, so its read
     *     methods must not block.
     * @param auth checks the Basic credentials of writes (and of reads with {@link RegistryServerConfig#readAuth()}).
     * @return the running server.
     * @throws InterruptedException if interrupted while binding.
     */
    static RegistryServer launch(RegistryServerConfig config, SchemaRegistry registry, RegistryAuth auth)
            throws InterruptedException {
        return RegistryServerImpl.start(config, registry, auth);
    }

    /**
     * Returns the bound port (useful when configured with port 0).
     *
     * @return the port.
     */
    int port();

    @Override
    void close();
}
