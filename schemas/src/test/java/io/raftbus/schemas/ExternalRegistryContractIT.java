package io.raftbus.schemas;

import io.raftbus.schemas.rest.RegistryAuth;
import io.raftbus.schemas.rest.RegistryServer;
import io.raftbus.schemas.rest.RegistryServerConfig;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * The contract through the whole HTTP path: {@link ExternalRegistry} → real REST server on 127.0.0.1 →
 * in-memory registry. Proves the client and the server agree on every operation and error code.
 */
@Timeout(60)
class ExternalRegistryContractIT extends SchemaRegistryContractTest {
    private RegistryServer server;

    @Override
    protected SchemaRegistry registry() {
        try {
            server = RegistryServer.launch(RegistryServerConfig.defaults(0), new InMemorySchemaRegistry(),
                    RegistryAuth.of(Map.of("k", "s")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return ExternalRegistry.connect(URI.create("http://127.0.0.1:" + server.port()),
                Optional.of(new ExternalRegistryConfig.Credentials("k", "s")));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }
}
