package io.raftbus.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A {@link SchemaRegistry} that is a client of an external Confluent-compatible registry (Confluent, Karapace,
 * Redpanda, Apicurio's ccompat API, or another raftbus cluster), over its REST API with {@code java.net.http}
 * (HTTP/1.1).
 *
 * <p><b>Caching</b> (what keeps I/O off the publish path):
 * <ul>
 *   <li>an id's schema is immutable: {@link #byId} and {@link #schemaText} fetch it once and keep it for the life
 *       of the client; a cached id never does I/O again. Unknown ids are not cached.</li>
 *   <li>{@link #latest} and {@link #belongsTo} answers (also "none"/false) are kept for
 *       {@link ExternalRegistryConfig#latestTtl()} (default 10 s), so a new version registered elsewhere is seen at
 *       most that late; a {@code register} or delete through this client drops the subject's entries at once.
 *       {@code belongsTo(id, s)} for the cached latest id of {@code s} needs no request.</li>
 *   <li>every other method asks the registry each time.</li>
 * </ul>
 *
 * <p><b>Threading</b>: thread-safe. Read methods block the calling thread on a cache miss (at most
 * {@link ExternalRegistryConfig#requestTimeout()}); never call them uncached on an event loop. Writes return
 * futures completed by the HTTP client's threads. Two threads missing the same entry may both fetch it.
 *
 * <p><b>Failures</b>: the registry's {@code {"error_code","message"}} becomes a {@link RegistryException} with
 * the matching {@link RegistryError} (unknown codes by HTTP status: 401/403 {@code UNAUTHORIZED}, 409
 * {@code INCOMPATIBLE}, 422 {@code INVALID_SCHEMA}, others {@code STORE_ERROR}); a timeout is {@code TIMEOUT}, an
 * unreachable registry {@code STORE_ERROR}. Methods that declare no checked exception throw
 * {@link IllegalStateException} with the {@code RegistryException} as cause; {@link #byId} and {@link #latest}
 * answer empty only for "not found".
 */
public final class ExternalRegistry implements SchemaRegistry {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private final ExternalRegistryConfig config;
    private final String base;
    private final String authorization;
    private final HttpClient http;
    private final LongSupplier nanoClock;
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<Integer, String> texts = new ConcurrentHashMap<>();
    private final Map<String, Timed<Optional<SubjectVersion>>> latest = new ConcurrentHashMap<>();
    private final Map<String, Timed<Boolean>> belongs = new ConcurrentHashMap<>();

    private record Timed<T>(T value, long expiresAtNs) {
    }

    private ExternalRegistry(ExternalRegistryConfig config, LongSupplier nanoClock) {
        this.config = config;
        String b = config.baseUrl().toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.authorization = config.credentials().map(c -> "Basic " + Base64.getEncoder().encodeToString(
                (c.key() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8))).orElse(null);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout()).build();
        this.nanoClock = nanoClock;
    }

    /**
     * Connects to a registry with the default cache and timeouts (no I/O happens until the first call).
     *
     * @param baseUrl the registry's base URL.
     * @param credentials the Basic key and secret, or empty.
     * @return the client.
     */
    public static ExternalRegistry connect(URI baseUrl, Optional<ExternalRegistryConfig.Credentials> credentials) {
        return connect(ExternalRegistryConfig.of(baseUrl, credentials));
    }

    /**
     * Connects to a registry (no I/O happens until the first call).
     *
     * @param config the settings.
     * @return the client.
     */
    public static ExternalRegistry connect(ExternalRegistryConfig config) {
        return new ExternalRegistry(config, System::nanoTime);
    }

    static ExternalRegistry connect(ExternalRegistryConfig config, LongSupplier nanoClock) {
        return new ExternalRegistry(config, nanoClock);
    }

    /**
     * Returns the settings.
     *
     * @return the config.
     */
    public ExternalRegistryConfig config() {
        return config;
    }

    // ---- SchemaSource: cached ----

    @Override
    public Optional<Schema> byId(int id) {
        Schema cached = schemas.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        String text;
        try {
            text = schemaText(id);
        } catch (RegistryException e) {
            if (e.error() == RegistryError.SCHEMA_NOT_FOUND) {
                return Optional.empty();
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
        Schema parsed = parse(text);
        Schema earlier = schemas.putIfAbsent(id, parsed);
        return Optional.of(earlier == null ? parsed : earlier);
    }

    @Override
    public Optional<SubjectVersion> latest(String subject) {
        long now = nanoClock.getAsLong();
        Timed<Optional<SubjectVersion>> t = latest.get(subject);
        if (t != null && now - t.expiresAtNs() < 0) {
            return t.value();
        }
        Optional<SubjectVersion> v;
        try {
            v = Optional.of(version(subject, LATEST, false));
        } catch (RegistryException e) {
            if (e.error() != RegistryError.SUBJECT_NOT_FOUND && e.error() != RegistryError.VERSION_NOT_FOUND) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            v = Optional.empty();
        }
        latest.put(subject, new Timed<>(v, now + config.latestTtl().toNanos()));
        return v;
    }

    @Override
    public boolean belongsTo(int id, String subject) {
        Timed<Optional<SubjectVersion>> l = latest.get(subject);
        long now = nanoClock.getAsLong();
        if (l != null && now - l.expiresAtNs() < 0 && l.value().isPresent() && l.value().get().id() == id) {
            return true;
        }
        String key = id + "\u0000" + subject;
        Timed<Boolean> t = belongs.get(key);
        if (t != null && now - t.expiresAtNs() < 0) {
            return t.value();
        }
        boolean answer;
        try {
            answer = usesOf(id, false).stream().anyMatch(v -> v.subject().equals(subject));
        } catch (RegistryException e) {
            if (e.error() != RegistryError.SCHEMA_NOT_FOUND) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            answer = false;
        }
        belongs.put(key, new Timed<>(answer, now + config.latestTtl().toNanos()));
        return answer;
    }

    // ---- reads ----

    /** An external registry is one service; there is nothing to catch up with. */
    @Override
    public CompletableFuture<Void> sync() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public List<String> subjects(String prefix, boolean includeDeleted) {
        JsonNode n = unchecked(() -> get("/subjects?subjectPrefix=" + enc(prefix) + "&deleted=" + includeDeleted));
        List<String> out = new ArrayList<>();
        n.forEach(s -> out.add(s.asText()));
        return out;
    }

    @Override
    public List<Integer> versions(String subject, boolean includeDeleted) throws RegistryException {
        JsonNode n = get("/subjects/" + enc(subject) + "/versions?deleted=" + includeDeleted);
        List<Integer> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asInt()));
        return out;
    }

    /** {@inheritDoc} The answer's {@code deleted} is always false: the REST API does not say. */
    @Override
    public SubjectVersion version(String subject, int version, boolean includeDeleted) throws RegistryException {
        String v = version == LATEST ? "latest" : Integer.toString(version);
        return subjectVersion(get("/subjects/" + enc(subject) + "/versions/" + v + "?deleted=" + includeDeleted));
    }

    @Override
    public String schemaText(int id) throws RegistryException {
        String cached = texts.get(id);
        if (cached != null) {
            return cached;
        }
        String text = get("/schemas/ids/" + id).path("schema").asText();
        texts.putIfAbsent(id, text);
        return text;
    }

    /** {@inheritDoc} Each answer's schema is fetched by id (cached) and {@code deleted} is always false. */
    @Override
    public List<SubjectVersion> usesOf(int id, boolean includeDeleted) throws RegistryException {
        JsonNode n = get("/schemas/ids/" + id + "/versions?deleted=" + includeDeleted);
        List<SubjectVersion> out = new ArrayList<>();
        for (JsonNode v : n) {
            out.add(new SubjectVersion(v.path("subject").asText(), v.path("version").asInt(), id, "AVRO",
                    schemaText(id), false));
        }
        return out;
    }

    @Override
    public SubjectVersion lookup(String subject, String schemaType, String schema, boolean includeDeleted)
            throws RegistryException {
        return subjectVersion(join(send("POST", "/subjects/" + enc(subject) + "?deleted=" + includeDeleted,
                schemaBody(schemaType, schema))));
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Integer version, String schemaType, String schema)
            throws RegistryException {
        String path = "/compatibility/subjects/" + enc(subject) + "/versions"
                + (version == null ? "" : "/" + (version == LATEST ? "latest" : version)) + "?verbose=true";
        JsonNode n = join(send("POST", path, schemaBody(schemaType, schema)));
        List<String> messages = new ArrayList<>();
        n.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(n.path("is_compatible").asBoolean(false), List.copyOf(messages));
    }

    @Override
    public CompatibilityLevel globalLevel() {
        return CompatibilityLevel.valueOf(unchecked(() -> get("/config")).path("compatibilityLevel").asText());
    }

    @Override
    public Optional<CompatibilityLevel> subjectLevel(String subject) {
        try {
            return Optional.of(CompatibilityLevel.valueOf(get("/config/" + enc(subject))
                    .path("compatibilityLevel").asText()));
        } catch (RegistryException e) {
            if (e.error() == RegistryError.SUBJECT_LEVEL_NOT_CONFIGURED || e.error() == RegistryError.SUBJECT_NOT_FOUND) {
                return Optional.empty();
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    // ---- writes ----

    @Override
    public CompletableFuture<Integer> register(String subject, String schemaType, String schema) {
        forget(subject);
        return send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schemaType, schema))
                .thenApply(n -> {
                    forget(subject);
                    return n.path("id").asInt();
                });
    }

    @Override
    public CompletableFuture<CompatibilityLevel> setLevel(String subject, CompatibilityLevel level) {
        return send("PUT", subject == null ? "/config" : "/config/" + enc(subject),
                Map.of("compatibility", level.name()))
                .thenApply(n -> CompatibilityLevel.valueOf(n.path("compatibility").asText(level.name())));
    }

    @Override
    public CompletableFuture<CompatibilityLevel> deleteLevel(String subject) {
        return send("DELETE", subject == null ? "/config" : "/config/" + enc(subject), null)
                .thenApply(n -> CompatibilityLevel.valueOf(n.path("compatibilityLevel").asText()));
    }

    @Override
    public CompletableFuture<List<Integer>> deleteSubject(String subject, boolean permanent) {
        return send("DELETE", "/subjects/" + enc(subject) + "?permanent=" + permanent, null).thenApply(n -> {
            forget(subject);
            List<Integer> out = new ArrayList<>();
            n.forEach(v -> out.add(v.asInt()));
            return out;
        });
    }

    @Override
    public CompletableFuture<Integer> deleteVersion(String subject, int version, boolean permanent) {
        String v = version == LATEST ? "latest" : Integer.toString(version);
        return send("DELETE", "/subjects/" + enc(subject) + "/versions/" + v + "?permanent=" + permanent, null)
                .thenApply(n -> {
                    forget(subject);
                    return n.asInt();
                });
    }

    // ---- plumbing ----

    private void forget(String subject) {
        latest.remove(subject);
        belongs.keySet().removeIf(k -> k.endsWith("\u0000" + subject));
    }

    private static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new IllegalStateException("the registry's schema does not parse: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> schemaBody(String schemaType, String schema) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (schemaType != null && !schemaType.equals("AVRO")) {
            m.put("schemaType", schemaType);
        }
        m.put("schema", schema);
        return m;
    }

    private static SubjectVersion subjectVersion(JsonNode n) {
        return new SubjectVersion(n.path("subject").asText(), n.path("version").asInt(), n.path("id").asInt(),
                n.path("schemaType").asText("AVRO"), n.path("schema").asText(), false);
    }

    private JsonNode get(String path) throws RegistryException {
        return join(send("GET", path, null));
    }

    private CompletableFuture<JsonNode> send(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            String json;
            try {
                json = MAPPER.writeValueAsString(body);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            b.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(transportError(path, failure));
                    }
                    return parseAnswer(path, response);
                });
    }

    private JsonNode parseAnswer(String path, HttpResponse<String> response) {
        JsonNode n;
        try {
            n = response.body().isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
        } catch (IOException e) {
            n = null;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300 && n != null) {
            return n;
        }
        int code = n == null ? status : n.path("error_code").asInt(status);
        String message = n == null ? "HTTP " + status : n.path("message").asText("HTTP " + status);
        throw new CompletionException(new RegistryException(errorOf(code, status),
                message + " (" + base + path.replaceAll("\\?.*", "") + ")"));
    }

    static RegistryError errorOf(int code, int status) {
        for (RegistryError e : RegistryError.values()) {
            if (e.code() == code) {
                return e;
            }
        }
        return switch (status) {
            case 401, 403 -> RegistryError.UNAUTHORIZED;
            case 409 -> RegistryError.INCOMPATIBLE;
            case 422 -> RegistryError.INVALID_SCHEMA;
            default -> RegistryError.STORE_ERROR;
        };
    }

    private RegistryException transportError(String path, Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof HttpTimeoutException) {
            return new RegistryException(RegistryError.TIMEOUT, "schema registry " + base + " did not answer "
                    + path.replaceAll("\\?.*", "") + " within " + config.requestTimeout().toMillis() + " ms");
        }
        return new RegistryException(RegistryError.STORE_ERROR, "schema registry " + base + " unreachable: " + t);
    }

    private static JsonNode join(CompletableFuture<JsonNode> f) throws RegistryException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryError.TIMEOUT, "interrupted while waiting for the schema registry");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RegistryException re) {
                throw re;
            }
            throw new RegistryException(RegistryError.STORE_ERROR, "schema registry request failed: " + e.getCause());
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws RegistryException;
    }

    private static <T> T unchecked(Call<T> call) {
        try {
            return call.call();
        } catch (RegistryException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
