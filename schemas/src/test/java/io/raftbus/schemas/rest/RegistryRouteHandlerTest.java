package io.raftbus.schemas.rest;

import static io.raftbus.schemas.rest.RegistryHarness.ORDER_V1;
import static io.raftbus.schemas.rest.RegistryHarness.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Answers are written when the registry's future completes, in request order, and refusals become JSON. */
class RegistryRouteHandlerTest {
    final RegistryHarness api = new RegistryHarness();
    final String auth = RegistryHarness.basic(RegistryHarness.KEY, RegistryHarness.SECRET);

    @Test
    void shouldAnswerWriteOnlyWhenRegistryFutureCompletes() {
        api.registry.holdWrites();
        api.write("POST", "/subjects/s/versions", body(ORDER_V1).getBytes(StandardCharsets.UTF_8),
                RegistryHarness.V1, auth);
        assertThat(api.read()).isNull();
        api.registry.releaseWrites();
        RegistryHarness.Answer a = api.read();
        assertThat(a).isNotNull();
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{\"id\":1}");
    }

    @Test
    void shouldKeepRequestOrderWhenReadIsPipelinedBehindPendingWrite() {
        api.registry.holdWrites();
        api.write("POST", "/subjects/s/versions", body(ORDER_V1).getBytes(StandardCharsets.UTF_8),
                RegistryHarness.V1, auth);
        api.write("GET", "/subjects", new byte[0], null, null);
        api.write("GET", "/nothing", new byte[0], null, null);
        assertThat(api.read()).isNull();
        api.registry.releaseWrites();
        assertThat(api.read().body()).isEqualTo("{\"id\":1}");
        // The read was answered from the state at its arrival, before the write applied.
        assertThat(api.read().body()).isEqualTo("[]");
        assertThat(api.read().status()).isEqualTo(404);
        assertThat(api.read()).isNull();
    }

    @Test
    void shouldAnswer400AndCloseWhenHttpRequestCouldNotBeDecoded() {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/subjects",
                Unpooled.EMPTY_BUFFER);
        req.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("header too long")));
        api.channel.writeInbound(req);
        RegistryHarness.Answer a = api.read();
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.errorCode()).isEqualTo(400);
        assertThat(api.channel.isOpen()).isFalse();
    }

    @Test
    void shouldCloseAfterAnswerWhenClientAsksForIt() {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/subjects",
                Unpooled.EMPTY_BUFFER);
        req.headers().set("Connection", "close");
        api.channel.writeInbound(req);
        assertThat(api.read().status()).isEqualTo(200);
        assertThat(api.channel.isOpen()).isFalse();
    }
}
