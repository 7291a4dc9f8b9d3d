package io.raftbus.ingest;

import io.raftbus.log.RaftLog;
import io.raftbus.schemas.ChannelBindings;
import io.raftbus.schemas.ChannelSchemas;
import io.raftbus.schemas.ExternalRegistry;
import io.raftbus.schemas.ExternalRegistryConfig;
import io.raftbus.schemas.ReplicatedRegistry;
import io.raftbus.schemas.SchemaRegistries;
import io.raftbus.schemas.SchemaRegistry;
import io.raftbus.schemas.rest.RegistryAuth;
import io.raftbus.schemas.rest.RegistryServer;
import io.raftbus.schemas.rest.RegistryServerConfig;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The schema side of one node, started beside its edge: the registry, its Confluent REST port, and the channel
 * bindings the edge checks publishes against.
 *
 * <ul>
 *   <li>By default the registry is the cluster's own, replicated through the log
 *       ({@link SchemaRegistries#replicated}), served on {@code raftbus.schemas.port} (default 8081) with writes
 *       authorised by HTTP Basic auth with an app's key and secret.</li>
 *   <li>With {@code raftbus.schemas.external.url} set, the node uses that Confluent-compatible registry instead
 *       ({@link ExternalRegistry}) and serves no registry port of its own.</li>
 *   <li>{@code raftbus.schemas.bindings} binds channel patterns to subjects ({@link ChannelBindings}).</li>
 * </ul>
 *
 * <p>Start it after the log and pass {@link #bindings()} to {@link IngestServer#launch(IngestConfig, RaftLog,
 * ChannelSchemas)}; close it after the edge and before the log. Thread-safe.
 */
public final class NodeSchemas implements AutoCloseable {
    private final SchemaRegistry registry;
    private final ReplicatedRegistry replicated;
    private final RegistryServer server;
    private final ChannelSchemas bindings;

    private NodeSchemas(SchemaRegistry registry, ReplicatedRegistry replicated, RegistryServer server,
                        ChannelSchemas bindings) {
        this.registry = registry;
        this.replicated = replicated;
        this.server = server;
        this.bindings = bindings;
    }

    /**
     * Starts the registry (replicated or external), its REST server and the bindings from a node's properties.
     *
     * @param p the node's properties ({@code raftbus.schemas.*} keys are read, others ignored).
     * @param log the running log node.
     * @param apps the edge's apps; an app's key and secret authorise registry writes.
     * @return the running schema side.
     * @throws IllegalArgumentException if a {@code raftbus.schemas.*} value is bad; the message names the key.
     * @throws InterruptedException if interrupted while binding the REST port.
     */
    public static NodeSchemas start(Properties p, RaftLog log, Apps apps) throws InterruptedException {
        Optional<ExternalRegistryConfig> external = ExternalRegistryConfig.fromProperties(p);
        if (external.isPresent()) {
            ExternalRegistry registry = ExternalRegistry.connect(external.get());
            return new NodeSchemas(registry, null, null, ChannelBindings.fromProperties(p, registry));
        }
        RegistryServerConfig serverConfig = RegistryServerConfig.fromProperties(p);
        ChannelSchemas bindings;
        ReplicatedRegistry registry = SchemaRegistries.replicated(log);
        try {
            bindings = ChannelBindings.fromProperties(p, registry);
            RegistryServer server = RegistryServer.launch(serverConfig, registry, RegistryAuth.secrets(key -> {
                AppConfig app = apps.byKey(key);
                return app == null || !app.enabled() ? null : app.secret();
            }));
            return new NodeSchemas(registry, registry, server, bindings);
        } catch (InterruptedException | RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /**
     * Returns the registry this node uses.
     *
     * @return the replicated registry, or the external one.
     */
    public SchemaRegistry registry() {
        return registry;
    }

    /**
     * Returns the check the edge applies to publishes.
     *
     * @return the bindings, {@link ChannelSchemas#NONE} when nothing is bound.
     */
    public ChannelSchemas bindings() {
        return bindings;
    }

    /**
     * Returns the port of this node's registry REST server.
     *
     * @return the bound port, or empty when the node uses an external registry.
     */
    public OptionalInt registryPort() {
        return server == null ? OptionalInt.empty() : OptionalInt.of(server.port());
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (replicated != null) {
            replicated.close();
        }
    }
}
