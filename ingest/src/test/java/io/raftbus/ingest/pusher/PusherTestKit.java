package io.raftbus.ingest.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.Apps;
import io.raftbus.ingest.IngestConfig;
import io.raftbus.ingest.fanout.WireFrames;
import io.raftbus.ingest.internal.Json;
import io.raftbus.ingest.internal.Signatures;
import io.raftbus.schemas.ChannelSchemas;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A Pusher connection in an {@link EmbeddedChannel} with the full handler pipeline over a {@link FakeRaftLog}. */
final class PusherTestKit {
    static final AppConfig APP = new AppConfig("app-id", "app-key", "app-secret", true, true, true,
            AppConfig.Limits.PUSHER, List.of());
    static {
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.PARANOID);
    }

    final FakeRaftLog log = new FakeRaftLog();
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final PusherNode node;
    final List<String> cacheMisses = new ArrayList<>();

    PusherTestKit() {
        this(APP);
    }

    PusherTestKit(AppConfig app) {
        this(app, ChannelSchemas.NONE);
    }

    PusherTestKit(AppConfig app, ChannelSchemas schemas) {
        IngestConfig config = IngestConfig.defaults(0).withApps(new Apps(List.of(app)));
        node = new PusherNode(config, log, nanos::get, () -> log.nowMs, schemas);
        node.cacheMissListener(new CacheMissListener() {
            @Override
            public void onCacheMiss(String appId, String channel) {
                cacheMisses.add(channel);
            }
        });
        log.addCommittedListener(node.fanout());
    }

    Conn connect(String socketId, boolean resume) {
        EmbeddedChannel ch = new EmbeddedChannel();
        PusherConnection conn = new PusherConnection(ch, node.config().apps().byKey("app-key"), socketId, resume);
        PusherChannelInitializer.install(ch.pipeline(), node, conn, false);
        return new Conn(ch, conn);
    }

    static String auth(String toSign) {
        return "app-key:" + Signatures.hmacSha256Hex("app-secret", toSign);
    }

    static final class Conn {
        final EmbeddedChannel ch;
        final PusherConnection conn;

        Conn(EmbeddedChannel ch, PusherConnection conn) {
            this.ch = ch;
            this.conn = conn;
        }

        void send(String json) {
            ch.writeInbound(new TextWebSocketFrame(json));
            ch.runPendingTasks();
        }

        /** Returns the next outbound text frame parsed, or null. */
        JsonNode next() {
            ch.runPendingTasks();
            Object o;
            while ((o = ch.readOutbound()) != null) {
                String s = null;
                if (o instanceof TextWebSocketFrame t) {
                    s = t.text();
                    t.release();
                } else if (o instanceof ByteBuf wire) {
                    s = WireFrames.text(wire);
                }
                if (s != null) {
                    try {
                        return Json.MAPPER.readTree(s);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
                if (o instanceof WebSocketFrame f) {
                    f.release();
                }
            }
            return null;
        }

        /** Returns every outbound text frame, parsed. */
        List<JsonNode> all() {
            List<JsonNode> out = new ArrayList<>();
            JsonNode n;
            while ((n = next()) != null) {
                out.add(n);
            }
            return out;
        }

        static JsonNode data(JsonNode frame) {
            try {
                JsonNode d = frame.get("data");
                return d != null && d.isTextual() ? Json.MAPPER.readTree(d.asText()) : d;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
