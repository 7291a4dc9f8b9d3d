package io.raftbus.schemas.rest;

import static io.raftbus.schemas.rest.RegistryHarness.ORDER_BAD;
import static io.raftbus.schemas.rest.RegistryHarness.ORDER_V1;
import static io.raftbus.schemas.rest.RegistryHarness.ORDER_V2;
import static io.raftbus.schemas.rest.RegistryHarness.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftbus.schemas.RegistryError;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Every endpoint through the pipeline, its answer's exact shape, and each of its error paths. */
class RegistryRoutesTest {
    final RegistryHarness api = new RegistryHarness();

    @Test
    void shouldAnswerEmptyObjectWhenRootIsRequested() {
        assertThat(api.get("/").body()).isEqualTo("{}");
        assertThat(api.send("POST", "/", "", null, null).body()).isEqualTo("{}");
    }

    @Test
    void shouldReturnExistingIdWhenSameSchemaIsRegisteredAgain() {
        int id = api.register("orders-value", ORDER_V1);
        String spaced = ORDER_V1.replace(",", " ,\n ");
        assertThat(api.register("orders-value", spaced)).isEqualTo(id);
        assertThat(api.get("/subjects/orders-value/versions").body()).isEqualTo("[1]");
        RegistryHarness.Answer a = api.post("/subjects/orders-value/versions", body(ORDER_V1));
        assertThat(a.body()).isEqualTo("{\"id\":" + id + "}");
    }

    @Test
    void shouldKeepIdButNumberVersionsPerSubjectWhenSchemaIsSharedAcrossSubjects() {
        int a = api.register("a-value", ORDER_V1);
        api.register("b-value", ORDER_BAD);
        api.put("/config/b-value", "{\"compatibility\":\"NONE\"}");
        int b = api.register("b-value", ORDER_V1.replace("Order", "Order").replace("long", "long"));
        assertThat(b).isEqualTo(a);
        assertThat(api.get("/subjects/b-value/versions/latest").json().get("version").asInt()).isEqualTo(2);
        assertThat(api.get("/schemas/ids/" + a + "/subjects").body()).isEqualTo("[\"a-value\",\"b-value\"]");
        assertThat(api.get("/schemas/ids/" + a + "/versions").body())
                .isEqualTo("[{\"subject\":\"a-value\",\"version\":1},{\"subject\":\"b-value\",\"version\":2}]");
    }

    @Test
    void shouldAnswerVersionWithConfluentShapeWhenVersionIsNumberLatestOrMinusOne() {
        int id = api.register("orders-value", ORDER_V1);
        String canonical = new Schema.Parser().parse(ORDER_V1).toString();
        String expected = "{\"subject\":\"orders-value\",\"version\":1,\"id\":" + id + ",\"schema\":"
                + RegistryHarness.JSON.valueToTree(canonical) + "}";
        assertThat(api.get("/subjects/orders-value/versions/1").body()).isEqualTo(expected);
        assertThat(api.get("/subjects/orders-value/versions/latest").body()).isEqualTo(expected);
        assertThat(api.get("/subjects/orders-value/versions/-1").body()).isEqualTo(expected);
        assertThat(api.get("/subjects/orders-value/versions/1/schema").body()).isEqualTo(canonical);
        assertThat(api.get("/subjects/orders-value/versions/latest/schema").body()).isEqualTo(canonical);
    }

    @Test
    void shouldAnswer404And42202WhenVersionIsMissingOrInvalid() {
        api.register("orders-value", ORDER_V1);
        RegistryHarness.Answer missing = api.get("/subjects/orders-value/versions/7");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo(40402);
        for (String bad : List.of("0", "-2", "abc", "1.5", "99999999999")) {
            RegistryHarness.Answer a = api.get("/subjects/orders-value/versions/" + bad);
            assertThat(a.status()).as(bad).isEqualTo(422);
            assertThat(a.errorCode()).as(bad).isEqualTo(42202);
            assertThat(a.json().get("message").asText()).contains(bad);
        }
        RegistryHarness.Answer subject = api.get("/subjects/nope/versions/1");
        assertThat(subject.status()).isEqualTo(404);
        assertThat(subject.errorCode()).isEqualTo(40401);
        assertThat(api.get("/subjects/nope/versions").errorCode()).isEqualTo(40401);
    }

    @Test
    void shouldAnswerSchemaByIdWhenIdIsKnownAnd40403Otherwise() {
        int id = api.register("orders-value", ORDER_V1);
        String canonical = new Schema.Parser().parse(ORDER_V1).toString();
        JsonNode n = api.get("/schemas/ids/" + id).json();
        assertThat(n.size()).isEqualTo(1);
        assertThat(n.get("schema").asText()).isEqualTo(canonical);
        assertThat(api.get("/schemas/ids/" + id + "/schema").body()).isEqualTo(canonical);
        for (String bad : List.of("999", "x", "-1")) {
            RegistryHarness.Answer a = api.get("/schemas/ids/" + bad);
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.errorCode()).isEqualTo(40403);
        }
        assertThat(api.get("/schemas/ids/999/versions").errorCode()).isEqualTo(40403);
        assertThat(api.get("/schemas/ids/999/subjects").errorCode()).isEqualTo(40403);
    }

    @Test
    void shouldListSubjectsAndSchemasWhenFiltered() {
        api.register("orders-value", ORDER_V1);
        api.register("orders-value", ORDER_V2);
        api.register("users-value", ORDER_BAD);
        assertThat(api.get("/subjects").body()).isEqualTo("[\"orders-value\",\"users-value\"]");
        assertThat(api.get("/subjects?subjectPrefix=us").body()).isEqualTo("[\"users-value\"]");
        assertThat(api.get("/subjects?offset=1&limit=1").body()).isEqualTo("[\"users-value\"]");
        assertThat(api.get("/subjects?limit=x").status()).isEqualTo(400);
        assertThat(api.get("/schemas").json().size()).isEqualTo(3);
        assertThat(api.get("/schemas?latestOnly=true").json().size()).isEqualTo(2);
        assertThat(api.get("/schemas?subjectPrefix=orders&latestOnly=true").json().get(0).get("version").asInt())
                .isEqualTo(2);
        assertThat(api.get("/schemas/types").body()).isEqualTo("[\"AVRO\"]");
        assertThat(api.get("/contexts").body()).isEqualTo("[\".\"]");
        assertThat(api.get("/subjects/orders-value/versions/1/referencedby").body()).isEqualTo("[]");
        assertThat(api.get("/subjects/orders-value/versions/9/referencedby").errorCode()).isEqualTo(40402);
    }

    @Test
    void shouldLookUpSchemaWhenRegisteredUnderSubject() {
        int id = api.register("orders-value", ORDER_V1);
        JsonNode n = api.post("/subjects/orders-value", body(ORDER_V1.replace(":", " : "))).json();
        assertThat(n.get("subject").asText()).isEqualTo("orders-value");
        assertThat(n.get("id").asInt()).isEqualTo(id);
        assertThat(n.get("version").asInt()).isEqualTo(1);
        assertThat(n.has("schema")).isTrue();
        assertThat(n.has("schemaType")).isFalse();
        RegistryHarness.Answer unknownSchema = api.post("/subjects/orders-value", body(ORDER_V2));
        assertThat(unknownSchema.status()).isEqualTo(404);
        assertThat(unknownSchema.errorCode()).isEqualTo(40403);
        assertThat(api.post("/subjects/nope", body(ORDER_V1)).errorCode()).isEqualTo(40401);
        RegistryHarness.Answer invalid = api.post("/subjects/orders-value", body("{\"type\":\"nonsense\"}"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42201);
    }

    @Test
    void shouldAnswer409WhenRegisteredSchemaIsIncompatible() {
        api.register("orders-value", ORDER_V1);
        RegistryHarness.Answer a = api.post("/subjects/orders-value/versions", body(ORDER_BAD));
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.errorCode()).isEqualTo(40901);
        assertThat(a.json().get("message").asText()).contains("incompatible");
        assertThat(api.get("/subjects/orders-value/versions").body()).isEqualTo("[1]");
    }

    @Test
    void shouldAnswer422WhenRegisteredSchemaIsInvalidOrOfUnsupportedType() {
        RegistryHarness.Answer invalid = api.post("/subjects/s/versions", body("{\"type\":\"record\"}"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42201);
        RegistryHarness.Answer proto = api.post("/subjects/s/versions",
                "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
        assertThat(proto.errorCode()).isEqualTo(42201);
        RegistryHarness.Answer refs = api.post("/subjects/s/versions",
                "{\"schema\":\"\\\"string\\\"\",\"references\":[{\"name\":\"a\",\"subject\":\"b\",\"version\":1}]}");
        assertThat(refs.errorCode()).isEqualTo(42201);
        for (String empty : List.of("{}", "", "{\"schema\":null}", "{\"schema\":\"\"}")) {
            RegistryHarness.Answer a = api.post("/subjects/s/versions", empty);
            assertThat(a.status()).as(empty).isEqualTo(422);
            assertThat(a.errorCode()).as(empty).isEqualTo(42201);
        }
        assertThat(api.post("/subjects/s/versions",
                "{\"schema\":\"\\\"string\\\"\",\"schemaType\":\"AVRO\",\"references\":[],\"extra\":1}").status())
                .isEqualTo(200);
        registryHasNoSubject("s-never");
    }

    private void registryHasNoSubject(String s) {
        assertThat(api.registry.subjects("", true)).doesNotContain(s);
    }

    @Test
    void shouldAnswer400WhenBodyIsNotAJsonObject() {
        for (String bad : List.of("{", "[1]", "\"x\"", "{\"schema\":\"a\"} trailing", "{\"schema\":{}}",
                "{\"schema\":\"\\\"int\\\"\",\"schemaType\":5}", "{\"schema\":\"\\\"int\\\"\",\"references\":3}")) {
            RegistryHarness.Answer a = api.post("/subjects/s/versions", bad);
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.errorCode()).as(bad).isEqualTo(400);
            assertThat(a.json().get("message").isTextual()).isTrue();
        }
        assertThat(api.registry.calls("register")).isZero();
    }

    @Test
    void shouldReportCompatibilityWhenTestedAgainstOneVersionOrTheLevel() {
        api.register("orders-value", ORDER_V1);
        assertThat(api.post("/compatibility/subjects/orders-value/versions/latest", body(ORDER_V2)).body())
                .isEqualTo("{\"is_compatible\":true}");
        assertThat(api.post("/compatibility/subjects/orders-value/versions/1", body(ORDER_V2)).body())
                .isEqualTo("{\"is_compatible\":true}");
        assertThat(api.post("/compatibility/subjects/orders-value/versions", body(ORDER_V2)).body())
                .isEqualTo("{\"is_compatible\":true}");
        JsonNode verbose = api.post("/compatibility/subjects/orders-value/versions/latest?verbose=true",
                body(ORDER_BAD)).json();
        assertThat(verbose.get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.get("messages").size()).isPositive();
        assertThat(api.post("/compatibility/subjects/orders-value/versions?verbose=true", body(ORDER_V2)).body())
                .isEqualTo("{\"is_compatible\":true,\"messages\":[]}");
        assertThat(api.post("/compatibility/subjects/new-subject/versions/latest", body(ORDER_V1)).body())
                .isEqualTo("{\"is_compatible\":true}");
        assertThat(api.post("/compatibility/subjects/orders-value/versions/9", body(ORDER_V2)).errorCode())
                .isEqualTo(40402);
        assertThat(api.post("/compatibility/subjects/orders-value/versions/zero", body(ORDER_V2)).errorCode())
                .isEqualTo(42202);
        assertThat(api.post("/compatibility/subjects/orders-value/versions/1", body("nonsense")).errorCode())
                .isEqualTo(42201);
    }

    @Test
    void shouldGetSetAndDeleteLevelsWhenConfigIsUsed() {
        assertThat(api.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(api.put("/config", "{\"compatibility\":\"full\"}").body()).isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(api.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        RegistryHarness.Answer none = api.get("/config/orders-value");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errorCode()).isEqualTo(40408);
        assertThat(api.get("/config/orders-value?defaultToGlobal=true").body())
                .isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(api.put("/config/orders-value", "{\"compatibility\":\"NONE\"}").body())
                .isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(api.get("/config/orders-value").body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(api.delete("/config/orders-value").body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(api.delete("/config/orders-value").errorCode()).isEqualTo(40408);
        assertThat(api.delete("/config").body()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(api.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        for (String bad : List.of("{\"compatibility\":\"SIDEWAYS\"}", "{}", "{\"compatibility\":1}")) {
            RegistryHarness.Answer a = api.put("/config", bad);
            assertThat(a.status()).as(bad).isEqualTo(422);
            assertThat(a.errorCode()).as(bad).isEqualTo(42203);
        }
    }

    @Test
    void shouldApplyLevelWhenRegistering() {
        api.register("orders-value", ORDER_V1);
        api.put("/config/orders-value", "{\"compatibility\":\"NONE\"}");
        assertThat(api.register("orders-value", ORDER_BAD)).isPositive();
        assertThat(api.get("/subjects/orders-value/versions").body()).isEqualTo("[1,2]");
    }

    @Test
    void shouldSoftThenHardDeleteWhenSubjectsAndVersionsAreDeleted() {
        api.register("orders-value", ORDER_V1);
        api.register("orders-value", ORDER_V2);
        assertThat(api.delete("/subjects/orders-value/versions/2?permanent=true").errorCode()).isEqualTo(40407);
        assertThat(api.delete("/subjects/orders-value/versions/latest").body()).isEqualTo("2");
        assertThat(api.get("/subjects/orders-value/versions").body()).isEqualTo("[1]");
        assertThat(api.get("/subjects/orders-value/versions?deleted=true").body()).isEqualTo("[1,2]");
        assertThat(api.get("/subjects/orders-value/versions?deletedOnly=true").body()).isEqualTo("[2]");
        assertThat(api.get("/subjects/orders-value/versions/2").errorCode()).isEqualTo(40402);
        assertThat(api.get("/subjects/orders-value/versions/2?deleted=true").status()).isEqualTo(200);
        assertThat(api.delete("/subjects/orders-value/versions/2").errorCode()).isEqualTo(40406);
        assertThat(api.delete("/subjects/orders-value/versions/2?permanent=true").body()).isEqualTo("2");
        assertThat(api.delete("/subjects/orders-value?permanent=true").errorCode()).isEqualTo(40405);
        assertThat(api.delete("/subjects/orders-value").body()).isEqualTo("[1]");
        assertThat(api.get("/subjects").body()).isEqualTo("[]");
        assertThat(api.get("/subjects?deleted=true").body()).isEqualTo("[\"orders-value\"]");
        assertThat(api.get("/subjects?deletedOnly=true").body()).isEqualTo("[\"orders-value\"]");
        assertThat(api.delete("/subjects/orders-value").errorCode()).isEqualTo(40404);
        assertThat(api.delete("/subjects/orders-value?permanent=true").body()).isEqualTo("[1]");
        assertThat(api.delete("/subjects/orders-value").errorCode()).isEqualTo(40401);
        assertThat(api.delete("/subjects/orders-value/versions/1").errorCode()).isEqualTo(40401);
        assertThat(api.delete("/subjects/orders-value/versions/x").errorCode()).isEqualTo(42202);
    }

    @Test
    void shouldAnswerReadWriteModeWhenModeIsAsked() {
        assertThat(api.get("/mode").body()).isEqualTo("{\"mode\":\"READWRITE\"}");
        RegistryHarness.Answer subject = api.get("/mode/orders-value");
        assertThat(subject.status()).isEqualTo(404);
        assertThat(subject.errorCode()).isEqualTo(40409);
        assertThat(api.get("/mode/orders-value?defaultToGlobal=true").body()).isEqualTo("{\"mode\":\"READWRITE\"}");
        assertThat(api.put("/mode", "{\"mode\":\"READWRITE\"}").body()).isEqualTo("{\"mode\":\"READWRITE\"}");
        RegistryHarness.Answer readonly = api.put("/mode/orders-value", "{\"mode\":\"READONLY\"}");
        assertThat(readonly.status()).isEqualTo(422);
        assertThat(readonly.errorCode()).isEqualTo(42205);
        assertThat(api.put("/mode", "{\"mode\":\"SOMETIMES\"}").errorCode()).isEqualTo(42204);
    }

    @Test
    void shouldAnswerJson404WhenPathIsUnknown() {
        for (String path : List.of("/nothing", "/subjects/a/b", "/subjects//versions", "/schemas/ids",
                "/config/a/b", "/compatibility/subjects/a")) {
            RegistryHarness.Answer a = api.get(path);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.body()).as(path).isEqualTo("{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        }
    }

    @Test
    void shouldAnswer405WithAllowWhenMethodIsWrong() {
        RegistryHarness.Answer a = api.put("/subjects/s/versions", body(ORDER_V1));
        assertThat(a.status()).isEqualTo(405);
        assertThat(a.errorCode()).isEqualTo(405);
        assertThat(a.headers().get("Allow")).isEqualTo("GET, POST");
        assertThat(api.delete("/schemas/types").status()).isEqualTo(405);
        assertThat(api.get("/compatibility/subjects/s/versions").status()).isEqualTo(405);
    }

    @Test
    void shouldDecodeSubjectWhenPathIsUrlEncoded() {
        api.register("a%2Fb%20c+d%C3%A9", ORDER_V1);
        assertThat(api.get("/subjects").body()).isEqualTo("[\"a/b c+d\u00e9\"]");
        assertThat(api.get("/subjects/a%2Fb%20c+d%C3%A9/versions/1").json().get("subject").asText())
                .isEqualTo("a/b c+d\u00e9");
        assertThat(api.get("/subjects/a%2fb%20c%2Bd%c3%a9/versions").body()).isEqualTo("[1]");
        assertThat(api.get("/subjects?subjectPrefix=a%2F").body()).isEqualTo("[\"a/b c+d\u00e9\"]");
        assertThat(api.get("/subjects/%zz/versions").status()).isEqualTo(400);
    }

    @Test
    void shouldAcceptEveryConfluentContentTypeAndRefuseOthers() {
        for (String type : List.of("application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json",
                "application/json", "application/json; charset=utf-8", "application/octet-stream")) {
            assertThat(api.send("POST", "/subjects/s/versions", body(ORDER_V1), type,
                    RegistryHarness.basic(RegistryHarness.KEY, RegistryHarness.SECRET)).status()).as(type).isEqualTo(200);
        }
        assertThat(api.send("POST", "/subjects/s/versions", body(ORDER_V1), null,
                RegistryHarness.basic(RegistryHarness.KEY, RegistryHarness.SECRET)).status()).isEqualTo(200);
        RegistryHarness.Answer a = api.send("POST", "/subjects/s/versions", body(ORDER_V1), "text/plain",
                RegistryHarness.basic(RegistryHarness.KEY, RegistryHarness.SECRET));
        assertThat(a.status()).isEqualTo(415);
        assertThat(a.errorCode()).isEqualTo(415);
    }

    @Test
    void shouldAnswer500WithStoreErrorCodeWhenWriteFails() {
        api.registry.failNextWrite(RegistryError.STORE_ERROR);
        RegistryHarness.Answer a = api.post("/subjects/s/versions", body(ORDER_V1));
        assertThat(a.status()).isEqualTo(500);
        assertThat(a.errorCode()).isEqualTo(50001);
        api.registry.failNextWrite(RegistryError.TIMEOUT);
        assertThat(api.put("/config", "{\"compatibility\":\"NONE\"}").errorCode()).isEqualTo(50002);
    }

    @Test
    void shouldSyncFirstWhenReadAsksForIt() {
        api.get("/subjects?sync=true");
        api.registry.assertCalls("sync", 1);
        api.get("/subjects");
        api.registry.assertCalls("sync", 1);
    }
}
