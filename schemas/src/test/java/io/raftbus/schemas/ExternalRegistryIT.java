package io.raftbus.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.schemas.rest.RegistryAuth;
import io.raftbus.schemas.rest.RegistryServer;
import io.raftbus.schemas.rest.RegistryServerConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ExternalRegistry} against the real REST server on 127.0.0.1 in front of the in-memory registry. Cache
 * hits are proven by counting the registry calls the server made (one per HTTP request that reached it).
 */
@Timeout(60)
class ExternalRegistryIT {
    static final String KEY = "app-key";
    static final String SECRET = "app-secret";
    static final String V1 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    static final String V2 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}]}";
    static final String BAD = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"io.test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"qty\",\"type\":\"int\"}]}";
    static final Duration TTL = Duration.ofSeconds(10);

    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    RegistryServer server;
    ExternalRegistry client;

    @BeforeEach
    void start() throws InterruptedException {
        server = RegistryServer.launch(RegistryServerConfig.defaults(0), registry, RegistryAuth.of(Map.of(KEY, SECRET)));
        client = connect(Optional.of(new ExternalRegistryConfig.Credentials(KEY, SECRET)));
    }

    ExternalRegistry connect(Optional<ExternalRegistryConfig.Credentials> creds) {
        ExternalRegistryConfig config = ExternalRegistryConfig.of(URI.create("http://127.0.0.1:" + server.port() + "/"),
                creds).withLatestTtl(TTL);
        return ExternalRegistry.connect(config, now::get);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static RegistryError errorOf(Throwable t) {
        Throwable c = t instanceof ExecutionException ? t.getCause() : t;
        if (c instanceof IllegalStateException && c.getCause() instanceof RegistryException) {
            c = c.getCause();
        }
        return ((RegistryException) c).error();
    }

    @Test
    void shouldRegisterLookUpAndReadBackWhenTalkingToRealServer() throws Exception {
        int id = client.register("orders-value", null, V1).get();
        assertThat(client.register("orders-value", "AVRO", V1.replace(",", ", ")).get()).isEqualTo(id);
        SubjectVersion found = client.lookup("orders-value", null, V1, false);
        assertThat(found).isEqualTo(new SubjectVersion("orders-value", 1, id, "AVRO",
                new Schema.Parser().parse(V1).toString(), false));
        assertThat(client.version("orders-value", SchemaRegistry.LATEST, false)).isEqualTo(found);
        assertThat(client.versions("orders-value", false)).containsExactly(1);
        assertThat(client.subjects("", false)).containsExactly("orders-value");
        assertThat(client.schemaText(id)).isEqualTo(found.schema());
        assertThat(client.usesOf(id, false)).extracting(SubjectVersion::subject).containsExactly("orders-value");
        assertThat(client.testCompatibility("orders-value", null, null, V2).compatible()).isTrue();
        CompatibilityResult bad = client.testCompatibility("orders-value", SchemaRegistry.LATEST, null, BAD);
        assertThat(bad.compatible()).isFalse();
        assertThat(bad.messages()).isNotEmpty();
        assertThat(client.sync()).isCompleted();
    }

    @Test
    void shouldFetchIdOnceWhenIdIsAskedRepeatedly() throws Exception {
        int id = client.register("orders-value", null, V1).get();
        Schema first = client.byId(id).orElseThrow();
        for (int i = 0; i < 5; i++) {
            assertThat(client.byId(id)).containsSame(first);
        }
        assertThat(client.schemaText(id)).isEqualTo(first.toString());
        registry.assertCalls("schemaText", 1);
        now.addAndGet(Duration.ofDays(365).toNanos());
        assertThat(client.byId(id)).containsSame(first);
        registry.assertCalls("schemaText", 1);
        assertThat(client.byId(9999)).isEmpty();
        assertThat(client.byId(9999)).isEmpty();
        registry.assertCalls("schemaText", 3);
    }

    @Test
    void shouldReuseLatestWithinTtlAndRefreshAfterIt() throws Exception {
        int v1 = client.register("orders-value", null, V1).get();
        assertThat(client.latest("orders-value").orElseThrow().id()).isEqualTo(v1);
        assertThat(client.latest("orders-value").orElseThrow().id()).isEqualTo(v1);
        registry.assertCalls("version", 1);
        int v2 = registry.register("orders-value", null, V2).get(); // registered elsewhere
        now.addAndGet(TTL.toNanos() - 1);
        assertThat(client.latest("orders-value").orElseThrow().id()).isEqualTo(v1);
        registry.assertCalls("version", 1);
        now.addAndGet(1);
        assertThat(client.latest("orders-value").orElseThrow().id()).isEqualTo(v2);
        registry.assertCalls("version", 2);
        assertThat(client.latest("nothing-value")).isEmpty();
        assertThat(client.latest("nothing-value")).isEmpty();
        registry.assertCalls("version", 3);
    }

    @Test
    void shouldForgetLatestWhenSubjectChangesThroughTheClient() throws Exception {
        client.register("orders-value", null, V1).get();
        client.latest("orders-value");
        int v2 = client.register("orders-value", null, V2).get();
        assertThat(client.latest("orders-value").orElseThrow().id()).isEqualTo(v2);
        assertThat(client.deleteVersion("orders-value", SchemaRegistry.LATEST, false).get()).isEqualTo(2);
        assertThat(client.latest("orders-value").orElseThrow().version()).isEqualTo(1);
        assertThat(client.deleteSubject("orders-value", false).get()).containsExactly(1, 2);
        assertThat(client.latest("orders-value")).isEmpty();
        assertThat(client.deleteSubject("orders-value", true).get()).containsExactly(1, 2);
    }

    @Test
    void shouldAnswerBelongsToFromCacheWhenIdIsLatestOrAskedBefore() throws Exception {
        int v1 = client.register("orders-value", null, V1).get();
        int other = client.register("users-value", null, BAD).get();
        client.latest("orders-value");
        assertThat(client.belongsTo(v1, "orders-value")).isTrue();
        registry.assertCalls("usesOf", 0);
        assertThat(client.belongsTo(other, "orders-value")).isFalse();
        assertThat(client.belongsTo(other, "orders-value")).isFalse();
        registry.assertCalls("usesOf", 1);
        assertThat(client.belongsTo(4242, "orders-value")).isFalse();
        assertThat(client.belongsTo(other, "users-value")).isTrue();
    }

    @Test
    void shouldSetAndReadLevelsWhenConfigIsChanged() throws Exception {
        assertThat(client.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.subjectLevel("orders-value")).isEmpty();
        assertThat(client.setLevel("orders-value", CompatibilityLevel.FULL).get()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(client.subjectLevel("orders-value")).contains(CompatibilityLevel.FULL);
        assertThat(client.setLevel(null, CompatibilityLevel.NONE).get()).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.globalLevel()).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.deleteLevel("orders-value").get()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(client.deleteLevel(null).get()).isEqualTo(CompatibilityLevel.NONE);
        assertThatThrownBy(() -> client.deleteLevel("orders-value").get())
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RegistryError.SUBJECT_LEVEL_NOT_CONFIGURED));
    }

    @Test
    void shouldMapServerErrorsToRegistryErrorsWhenRequestsAreRefused() throws Exception {
        client.register("orders-value", null, V1).get();
        assertThatThrownBy(() -> client.register("orders-value", null, BAD).get())
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RegistryError.INCOMPATIBLE));
        assertThatThrownBy(() -> client.register("x-value", null, "{nonsense").get())
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RegistryError.INVALID_SCHEMA));
        assertThatThrownBy(() -> client.version("orders-value", 7, false))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RegistryError.VERSION_NOT_FOUND));
        assertThatThrownBy(() -> client.versions("none-value", false))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RegistryError.SUBJECT_NOT_FOUND));
        assertThatThrownBy(() -> client.lookup("orders-value", null, V2, false))
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RegistryError.SCHEMA_NOT_FOUND));
        ExternalRegistry anonymous = connect(Optional.empty());
        assertThatThrownBy(() -> anonymous.register("orders-value", null, V2).get())
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RegistryError.UNAUTHORIZED));
        ExternalRegistry wrong = connect(Optional.of(new ExternalRegistryConfig.Credentials(KEY, "nope")));
        assertThatThrownBy(() -> wrong.setLevel(null, CompatibilityLevel.NONE).get())
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RegistryError.UNAUTHORIZED));
        assertThat(anonymous.latest("orders-value")).isPresent();
    }

    @Test
    void shouldEncodeSubjectWhenNameHasReservedCharacters() throws Exception {
        String subject = "team/orders v1+x?y#z%";
        int id = client.register(subject, null, V1).get();
        assertThat(registry.subjects("", false)).containsExactly(subject);
        assertThat(client.latest(subject).orElseThrow().id()).isEqualTo(id);
        assertThat(client.subjects("team/", false)).containsExactly(subject);
    }

    @Test
    void shouldFailWithStoreErrorWhenRegistryIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ExternalRegistry gone = ExternalRegistry.connect(URI.create("http://127.0.0.1:" + port), Optional.empty());
        assertThatThrownBy(() -> gone.byId(1)).isInstanceOf(IllegalStateException.class)
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RegistryError.STORE_ERROR));
        assertThatThrownBy(() -> gone.register("s", null, V1).get())
                .satisfies(t -> assertThat(errorOf(t)).isEqualTo(RegistryError.STORE_ERROR));
        assertThat(List.of(gone.config().latestTtl())).containsExactly(Duration.ofSeconds(10));
    }
}
