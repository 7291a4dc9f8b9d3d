package io.raftbus.schemas.rest;

import static io.raftbus.schemas.rest.RegistryHarness.KEY;
import static io.raftbus.schemas.rest.RegistryHarness.ORDER_V1;
import static io.raftbus.schemas.rest.RegistryHarness.SECRET;
import static io.raftbus.schemas.rest.RegistryHarness.V1;
import static io.raftbus.schemas.rest.RegistryHarness.basic;
import static io.raftbus.schemas.rest.RegistryHarness.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.schemas.InMemorySchemaRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The real server on 127.0.0.1 (port 0) in front of the in-memory registry, driven by {@code java.net.http}. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryServerIT {
    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    RegistryServer server;
    String base;

    @BeforeAll
    void start() throws InterruptedException {
        server = RegistryServer.launch(new RegistryServerConfig("127.0.0.1", 0, false, 4096), registry,
                RegistryAuth.of(Map.of(KEY, SECRET)));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    HttpResponse<String> send(String method, String path, String body, String auth) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", V1)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Type")).hasValue(V1);
        return r;
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return RegistryHarness.JSON.readTree(r.body());
    }

    @Test
    void shouldServeTheNpmClientRequestTraceWhenSubjectIsNew() throws Exception {
        String auth = basic(KEY, SECRET);
        // 1. GET /config/{s}: 404 means first registration.
        HttpResponse<String> config = send("GET", "/config/npm-value", null, null);
        assertThat(config.statusCode()).isEqualTo(404);
        assertThat(json(config).get("error_code").asInt()).isEqualTo(40408);
        // 2. register: the client reads "id".
        HttpResponse<String> reg = send("POST", "/subjects/npm-value/versions", body(ORDER_V1), auth);
        assertThat(reg.statusCode()).isEqualTo(200);
        int id = json(reg).get("id").asInt();
        // 3. first registration: PUT /config/{s}.
        HttpResponse<String> put = send("PUT", "/config/npm-value", "{\"compatibility\":\"BACKWARD\"}", auth);
        assertThat(put.body()).isEqualTo("{\"compatibility\":\"BACKWARD\"}");
        assertThat(json(send("GET", "/config/npm-value", null, null)).get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
        // 4. decode: GET /schemas/ids/{id} needs "schema".
        assertThat(json(send("GET", "/schemas/ids/" + id, null, null)).get("schema").asText()).contains("Order");
        // 5. getLatestSchemaId: GET /subjects/{s}/versions/latest needs "id".
        assertThat(json(send("GET", "/subjects/npm-value/versions/latest", null, null)).get("id").asInt())
                .isEqualTo(id);
        // getRegistryIdBySchema: POST /subjects/{s} needs "id".
        assertThat(json(send("POST", "/subjects/npm-value", body(ORDER_V1), null)).get("id").asInt()).isEqualTo(id);
        // getRegistryId(subject, version).
        assertThat(json(send("GET", "/subjects/npm-value/versions/1", null, null)).get("id").asInt()).isEqualTo(id);
    }

    @Test
    void shouldRefuseWriteWith401WhenCredentialsAreMissingOrWrong() throws Exception {
        for (String auth : new String[] {null, basic(KEY, "wrong")}) {
            HttpResponse<String> r = send("POST", "/subjects/denied-value/versions", body(ORDER_V1), auth);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(json(r).get("error_code").asInt()).isEqualTo(40101);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"raftbus\"");
        }
        assertThat(registry.subjects("denied", true)).isEmpty();
    }

    @Test
    void shouldRegisterConcurrentlyWhenManyClientsWrite() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String schema = ORDER_V1.replace("Order", "Order" + i);
            all.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/subjects/c" + i + "-value/versions"))
                    .header("Content-Type", V1).header("Authorization", basic(KEY, SECRET))
                    .POST(HttpRequest.BodyPublishers.ofString(body(schema))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<Integer> ids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            ids.add(json(r).get("id").asInt());
        }
        assertThat(ids).hasSize(20);
    }

    @Test
    void shouldDecodeSubjectWhenPathIsPercentEncodedOnTheWire() throws Exception {
        send("POST", "/subjects/team%2Forders%20v1/versions", body(ORDER_V1), basic(KEY, SECRET));
        assertThat(registry.subjects("team/", false)).containsExactly("team/orders v1");
        assertThat(json(send("GET", "/subjects/team%2Forders%20v1/versions/latest", null, null))
                .get("subject").asText()).isEqualTo("team/orders v1");
    }

    @Test
    void shouldAnswerJsonErrorsWhenPathIsUnknownOrBodyTooLarge() throws Exception {
        HttpResponse<String> unknown = send("GET", "/no/such/path", null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error_code").asInt()).isEqualTo(404);
        HttpResponse<String> big = send("POST", "/subjects/big-value/versions", body("x".repeat(5000)),
                basic(KEY, SECRET));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(json(big).get("error_code").asInt()).isEqualTo(413);
        HttpResponse<String> garbage = send("POST", "/subjects/g-value/versions", "{not json", basic(KEY, SECRET));
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(json(garbage).get("error_code").asInt()).isEqualTo(400);
        assertThat(send("GET", "/", null, null).body()).isEqualTo("{}");
    }
}
