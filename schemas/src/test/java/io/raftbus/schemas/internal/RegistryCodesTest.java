package io.raftbus.schemas.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.schemas.CompatibilityLevel;
import io.raftbus.schemas.RegistryError;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins every code the registry writes to the log or answers with, and the command format. */
class RegistryCodesTest {
    @Test
    void shouldNeverRenumberExistingCodesWhenOpsAreAdded() {
        Map<RegistryOp, Integer> pinned = new LinkedHashMap<>();
        pinned.put(RegistryOp.REGISTER, 1);
        pinned.put(RegistryOp.SET_LEVEL, 2);
        pinned.put(RegistryOp.DELETE_LEVEL, 3);
        pinned.put(RegistryOp.DELETE_SUBJECT, 4);
        pinned.put(RegistryOp.DELETE_VERSION, 5);
        pinned.forEach((op, code) -> {
            assertThat(op.code()).as("%s", op).isEqualTo(code);
            assertThat(RegistryOp.of(code)).isEqualTo(op);
        });
        assertThat(RegistryOp.of(0)).isNull();
        assertThat(RegistryOp.of(6)).isNull();
    }

    @Test
    void shouldNeverRenumberLevelCodesWhenLevelsAreWrittenToTheLog() {
        Map<CompatibilityLevel, Integer> pinned = new LinkedHashMap<>();
        pinned.put(CompatibilityLevel.NONE, 1);
        pinned.put(CompatibilityLevel.BACKWARD, 2);
        pinned.put(CompatibilityLevel.BACKWARD_TRANSITIVE, 3);
        pinned.put(CompatibilityLevel.FORWARD, 4);
        pinned.put(CompatibilityLevel.FORWARD_TRANSITIVE, 5);
        pinned.put(CompatibilityLevel.FULL, 6);
        pinned.put(CompatibilityLevel.FULL_TRANSITIVE, 7);
        assertThat(pinned).hasSize(CompatibilityLevel.values().length);
        pinned.forEach((level, code) -> {
            assertThat(LevelCodes.code(level)).as("%s", level).isEqualTo(code);
            assertThat(LevelCodes.level(code)).isEqualTo(level);
        });
        assertThat(LevelCodes.level(8)).isNull();
    }

    @Test
    void shouldKeepTheConfluentErrorCodesWhenErrorsAreAnswered() {
        assertThat(RegistryError.SUBJECT_NOT_FOUND.code()).isEqualTo(40401);
        assertThat(RegistryError.VERSION_NOT_FOUND.code()).isEqualTo(40402);
        assertThat(RegistryError.SCHEMA_NOT_FOUND.code()).isEqualTo(40403);
        assertThat(RegistryError.SUBJECT_SOFT_DELETED.code()).isEqualTo(40404);
        assertThat(RegistryError.SUBJECT_NOT_SOFT_DELETED.code()).isEqualTo(40405);
        assertThat(RegistryError.VERSION_SOFT_DELETED.code()).isEqualTo(40406);
        assertThat(RegistryError.VERSION_NOT_SOFT_DELETED.code()).isEqualTo(40407);
        assertThat(RegistryError.SUBJECT_LEVEL_NOT_CONFIGURED.code()).isEqualTo(40408);
        assertThat(RegistryError.INCOMPATIBLE.code()).isEqualTo(40901);
        assertThat(RegistryError.INCOMPATIBLE.httpStatus()).isEqualTo(409);
        assertThat(RegistryError.INVALID_SCHEMA.code()).isEqualTo(42201);
        assertThat(RegistryError.INVALID_VERSION.code()).isEqualTo(42202);
        assertThat(RegistryError.INVALID_COMPATIBILITY_LEVEL.code()).isEqualTo(42203);
        assertThat(RegistryError.INVALID_SUBJECT.code()).isEqualTo(42208);
        assertThat(RegistryError.STORE_ERROR.code()).isEqualTo(50001);
        assertThat(RegistryError.TIMEOUT.code()).isEqualTo(50002);
    }

    @Test
    void shouldPinTheCommandFormatWhenARegisterIsEncoded() {
        byte[] data = RegistryCommandCodec.encode("n1/r/1", new RegistryCommand.Register("s", "\"int\"", 7));
        assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(
                "{\"v\":1,\"op\":1,\"req\":\"n1/r/1\",\"subject\":\"s\",\"schema\":\"\\\"int\\\"\",\"checkedAt\":7}");
        byte[] level = RegistryCommandCodec.encode("r", new RegistryCommand.SetLevel(null, CompatibilityLevel.FULL));
        assertThat(new String(level, StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"op\":2,\"req\":\"r\",\"subject\":null,\"level\":6}");
    }

    @Test
    void shouldDecodeWhatWasEncodedWhenEveryOpRoundTrips() {
        List<RegistryCommand> all = List.of(new RegistryCommand.Register("s", "{\"type\":\"string\"}", 3),
                new RegistryCommand.SetLevel("s", CompatibilityLevel.FORWARD_TRANSITIVE),
                new RegistryCommand.SetLevel(null, CompatibilityLevel.NONE), new RegistryCommand.DeleteLevel("s"),
                new RegistryCommand.DeleteLevel(null), new RegistryCommand.DeleteSubject("s", true),
                new RegistryCommand.DeleteVersion("ü-s", -1, false));
        for (RegistryCommand c : all) {
            RegistryCommandCodec.Decoded d = RegistryCommandCodec.decode(RegistryCommandCodec.encode("id", c));
            assertThat(d.command()).isEqualTo(c);
            assertThat(d.requestId()).isEqualTo("id");
        }
    }

    @Test
    void shouldRefuseToDecodeWhenTheVersionOpOrAFieldIsWrong() {
        for (String bad : List.of("", "[]", "{\"v\":2,\"op\":1}", "{\"v\":1,\"op\":9,\"req\":\"r\"}",
                "{\"v\":1,\"op\":1,\"req\":\"r\",\"subject\":\"s\"}",
                "{\"v\":1,\"op\":2,\"req\":\"r\",\"subject\":null,\"level\":0}",
                "{\"v\":1,\"op\":4,\"req\":\"r\",\"subject\":\"s\",\"permanent\":\"yes\"}")) {
            assertThatThrownBy(() -> RegistryCommandCodec.decode(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
