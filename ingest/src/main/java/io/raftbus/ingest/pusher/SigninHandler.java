package io.raftbus.ingest.pusher;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.raftbus.ingest.internal.Json;

/**
 * Handles {@code pusher:signin} (user authentication): verifies {@code auth} over
 * {@code socket_id "::user::" user_data}, records the user on the connection and in the fan-out (for
 * {@code #server-to-user-<id>} events and terminate), answers {@code pusher:signin_success}. A bad signature or
 * user data is {@link PusherError#SIGNIN_FAILED}: {@code pusher:error} 4009 and close.
 */
public final class SigninHandler extends ChannelInboundHandlerAdapter {
    private final PusherNode node;
    private final PusherConnection conn;

    /**
     * Creates the handler.
     *
     * @param node the node's services.
     * @param conn the connection.
     */
    public SigninHandler(PusherNode node, PusherConnection conn) {
        this.node = node;
        this.conn = conn;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof PusherMessage m && m.event().equals("pusher:signin"))) {
            ctx.fireChannelRead(msg);
            return;
        }
        String userData = m.text("user_data");
        String auth = m.text("auth");
        ChannelAuthorizer.verify(conn.app(), conn.socketId() + "::user::" + userData, auth, null,
                PusherError.SIGNIN_FAILED);
        ChannelAuthorizer.Member user;
        try {
            user = ChannelAuthorizer.member(conn.app(), userData, "id", null);
        } catch (PusherProtocolException e) {
            throw new PusherProtocolException(PusherError.SIGNIN_FAILED, e.getMessage(), null);
        }
        if (conn.userId() != null) {
            node.fanout().removeUser(conn.app().id(), conn.userId(), conn);
        }
        conn.signedIn(user.userId(), user.userInfo());
        node.fanout().addUser(conn.app().id(), user.userId(), conn);
        ctx.writeAndFlush(new TextWebSocketFrame(PusherEventPublisher.event("pusher:signin_success", null,
                "{\"user_data\":" + Json.quote(userData) + "}")));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (conn.userId() != null) {
            node.fanout().removeUser(conn.app().id(), conn.userId(), conn);
        }
        ctx.fireChannelInactive();
    }
}
