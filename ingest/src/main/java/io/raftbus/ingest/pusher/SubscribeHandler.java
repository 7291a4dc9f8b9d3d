package io.raftbus.ingest.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.fanout.ChannelFanout;
import io.raftbus.ingest.fanout.ChannelSubscription;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PresenceMember;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Handles {@code pusher:subscribe} and {@code pusher:unsubscribe}: checks the channel name and the auth of private,
 * encrypted and presence channels, registers the subscription with the fan-out and the occupancy reporter, and
 * hands it to {@link SubscriptionStarter} for {@code subscription_succeeded}, cache and resume. A presence
 * subscription is answered only after this node's report of the new member is committed, so the roster includes
 * it. When the connection closes, its subscriptions are removed.
 */
public final class SubscribeHandler extends ChannelInboundHandlerAdapter {
    private final PusherNode node;
    private final PusherConnection conn;
    private final SubscriptionStarter starter;

    /**
     * Creates the handler.
     *
     * @param node the node's services.
     * @param conn the connection.
     */
    public SubscribeHandler(PusherNode node, PusherConnection conn) {
        this.node = node;
        this.conn = conn;
        this.starter = new SubscriptionStarter(node, conn);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PusherMessage m && m.event().equals("pusher:subscribe")) {
            subscribe(ctx, m);
        } else if (msg instanceof PusherMessage m && m.event().equals("pusher:unsubscribe")) {
            leave(m.text("channel"));
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (String ch : List.copyOf(conn.subscriptions().keySet())) {
            leave(ch);
        }
        ctx.fireChannelInactive();
    }

    private void subscribe(ChannelHandlerContext ctx, PusherMessage m) {
        ObjectNode data = m.controlData();
        String channel = m.text("channel");
        AppConfig app = conn.app();
        if (!ChannelAuthorizer.validChannel(channel, app.limits().maxChannelNameLength())) {
            throw new PusherProtocolException(PusherError.INVALID_CHANNEL, "Invalid channel name", channel);
        }
        leave(channel);
        String auth = m.text("auth");
        if (channel.startsWith(ChannelFanout.SERVER_TO_USER_PREFIX)) {
            String user = channel.substring(ChannelFanout.SERVER_TO_USER_PREFIX.length());
            if (!user.equals(conn.userId())) {
                throw new PusherProtocolException(PusherError.INVALID_CHANNEL,
                        "Sign in as the user before subscribing to " + channel, channel);
            }
            conn.subscriptions().put(channel, new PusherConnection.Joined(null, null));
            starter.succeeded(channel, null);
            return;
        }
        ChannelKey key = new ChannelKey(app.id(), channel);
        JsonNode resume = data.get("resume");
        if (channel.startsWith("presence-")) {
            String channelData = m.text("channel_data");
            ChannelAuthorizer.Member member;
            if (channelData == null && conn.userId() != null) {
                ChannelAuthorizer.verify(app, conn.socketId() + ":" + channel, auth, channel,
                        PusherError.INVALID_SIGNATURE);
                member = new ChannelAuthorizer.Member(conn.userId(), conn.userInfo());
            } else {
                ChannelAuthorizer.verify(app, conn.socketId() + ":" + channel + ":" + channelData, auth, channel,
                        PusherError.INVALID_SIGNATURE);
                member = ChannelAuthorizer.member(app, channelData, "user_id", channel);
            }
            checkRoom(app, key, member.userId(), channel);
            joinPresence(ctx, key, member, resume);
            return;
        }
        if (channel.startsWith("private-")) {
            ChannelAuthorizer.verify(app, conn.socketId() + ":" + channel, auth, channel,
                    PusherError.INVALID_SIGNATURE);
        }
        ChannelSubscription sub = node.fanout().subscribe(conn, key, null);
        conn.subscriptions().put(channel, new PusherConnection.Joined(sub, null));
        node.reporter().subscribed(key);
        starter.start(sub, null, resume);
    }

    private void joinPresence(ChannelHandlerContext ctx, ChannelKey key, ChannelAuthorizer.Member member,
                              JsonNode resume) {
        ChannelSubscription sub = node.fanout().subscribe(conn, key, member.userId());
        conn.subscriptions().put(key.channel(), new PusherConnection.Joined(sub, member.userId()));
        node.reporter().subscribed(key);
        byte[] info = member.userInfo() == null ? new byte[0] : member.userInfo().getBytes(StandardCharsets.UTF_8);
        node.reporter().memberJoined(key, member.userId(), info);
        node.reporter().flush().whenComplete((ok, err) -> ctx.executor().execute(() -> {
            PusherConnection.Joined j = conn.subscriptions().get(key.channel());
            if (j != null && j.subscription() == sub && ctx.channel().isActive()) {
                starter.start(sub, Roster.of(members(key), member), resume);
            }
        }));
    }

    private void checkRoom(AppConfig app, ChannelKey key, String userId, String channel) {
        List<PresenceMember> members = members(key);
        if (members.size() >= app.limits().maxPresenceMembers()
                && members.stream().noneMatch(p -> p.userId().equals(userId))) {
            throw new PusherProtocolException(PusherError.PRESENCE_LIMIT, "Presence channel is full: "
                    + app.limits().maxPresenceMembers() + " members", channel);
        }
    }

    private List<PresenceMember> members(ChannelKey key) {
        return node.log().membersLocal(key);
    }

    private void leave(String channel) {
        PusherConnection.Joined j = channel == null ? null : conn.subscriptions().remove(channel);
        if (j == null || j.subscription() == null) {
            return;
        }
        node.fanout().unsubscribe(j.subscription());
        ChannelKey key = j.subscription().channel();
        node.reporter().unsubscribed(key);
        if (j.presenceUserId() != null) {
            node.reporter().memberLeft(key, j.presenceUserId());
        }
    }
}
