package io.raftbus.ingest.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.raftbus.ingest.AppConfig;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PublishCommand;
import io.raftbus.schemas.ChannelSchemas;
import io.raftbus.schemas.SchemaViolationException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@code client-*} events: allowed only if the app enables them, on private (not encrypted) and presence
 * channels the sender is subscribed to, at most {@code maxClientEventsPerSecond} per connection (else 4301). The
 * event is published through the log with the sender excluded and, on presence channels, the sender's user id, so
 * subscribers on every node receive it (with top-level {@code user_id} on presence channels) and the sender does
 * not. {@code data} is forwarded as it arrived: a string as is, an object as its JSON text. On a channel bound to
 * a schema ({@code raftbus.schemas.bindings}) that text must match the subject's latest schema (Avro JSON); it is
 * stored in the Confluent wire format with its schema id, and a mismatch is a {@code pusher:error} 4301
 * ({@link PusherError#CLIENT_EVENT_SCHEMA_MISMATCH}) naming the field, the socket staying open.
 */
public final class ClientEventHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientEventHandler.class);
    private final PusherNode node;
    private final PusherConnection conn;

    /**
     * Creates the handler.
     *
     * @param node the node's services.
     * @param conn the connection.
     */
    public ClientEventHandler(PusherNode node, PusherConnection conn) {
        this.node = node;
        this.conn = conn;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof PusherMessage m && m.event().startsWith("client-"))) {
            ctx.fireChannelRead(msg);
            return;
        }
        AppConfig app = conn.app();
        String channel = m.channel();
        if (!app.clientEvents()) {
            throw reject("Client events are not enabled for this app", channel);
        }
        if (channel == null || !(channel.startsWith("private-") || channel.startsWith("presence-"))
                || channel.startsWith("private-encrypted-")) {
            throw reject("Client events are only allowed on private and presence channels", channel);
        }
        PusherConnection.Joined joined = conn.subscriptions().get(channel);
        if (joined == null) {
            throw reject("Subscribe to " + channel + " before sending client events on it", channel);
        }
        if (m.event().length() > app.limits().maxEventNameLength()) {
            throw reject("Event name longer than " + app.limits().maxEventNameLength() + " characters", channel);
        }
        JsonNode data = m.data();
        String text = data == null || data.isNull() ? "{}" : data.isTextual() ? data.asText() : data.toString();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > app.limits().maxEventBytes()) {
            throw reject("Client event data larger than " + app.limits().maxEventBytes() + " bytes", channel);
        }
        if (!conn.tryClientEvent(node.nanoTime(), app.limits().maxClientEventsPerSecond())) {
            throw new PusherProtocolException(PusherError.CLIENT_EVENT_RATE_LIMIT,
                    PusherError.CLIENT_EVENT_RATE_LIMIT.message(), channel);
        }
        ChannelSchemas.Validated checked;
        try {
            checked = node.schemas().validate(app.id(), channel, bytes, false);
        } catch (SchemaViolationException e) {
            throw new PusherProtocolException(PusherError.CLIENT_EVENT_SCHEMA_MISMATCH, e.getMessage(), channel);
        }
        PublishCommand cmd = new PublishCommand(new ChannelKey(app.id(), channel), m.event(), checked.data(), null,
                conn.socketId(), checked.schemaId(), joined.presenceUserId());
        node.log().client().publish(cmd).whenComplete((r, err) -> {
            if (err != null) {
                LOG.debug("client event on {} failed: {}", channel, err.toString());
                ctx.executor().execute(() -> ctx.fireExceptionCaught(
                        new PusherProtocolException(PusherError.CLIENT_EVENT_REJECTED,
                                "Client event could not be published", channel)));
            }
        });
    }

    private static PusherProtocolException reject(String message, String channel) {
        return new PusherProtocolException(PusherError.CLIENT_EVENT_REJECTED, message, channel);
    }
}
