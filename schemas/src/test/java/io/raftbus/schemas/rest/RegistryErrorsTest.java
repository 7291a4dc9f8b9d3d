package io.raftbus.schemas.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import io.raftbus.schemas.RegistryError;
import io.raftbus.schemas.RegistryException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The one translator: registry errors keep their code, edge refusals theirs, anything else is a bare 500. */
class RegistryErrorsTest {
    @Test
    void shouldKeepRegistryCodeWhenFailureIsWrapped() {
        Answer a = RegistryErrors.answer(new CompletionException(
                new RegistryException(RegistryError.VERSION_NOT_FOUND, "Version 3 not found.")));
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body()).isEqualTo("{\"error_code\":40402,\"message\":\"Version 3 not found.\"}");
    }

    @Test
    void shouldAddChallengeWhenRegistryRefusesCredentials() {
        Answer a = RegistryErrors.answer(new RegistryException(RegistryError.UNAUTHORIZED, "no"));
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.headers()).containsEntry("WWW-Authenticate", "Basic realm=\"raftbus\"");
    }

    @Test
    void shouldHideDetailWhenFailureIsUnexpected() {
        Answer a = RegistryErrors.answer(new IllegalStateException("secret internal detail"));
        assertThat(a.status()).isEqualTo(500);
        assertThat(a.body()).isEqualTo("{\"error_code\":500,\"message\":\"Internal Server Error\"}");
    }

    @Test
    void shouldUnwrapDecoderExceptionWhenRefusalComesFromAdapter() {
        Answer a = RegistryErrors.answer(new DecoderException(RegistryHttpException.badRequest("malformed").closing()));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.close()).isTrue();
        assertThat(a.body()).isEqualTo("{\"error_code\":400,\"message\":\"malformed\"}");
    }
}
