package io.raftbus.ingest.httpapi;

import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.internal.Json;
import io.raftbus.log.ChannelOccupancy;
import io.raftbus.log.PresenceMember;
import io.raftbus.log.RaftLog;
import java.util.List;
import java.util.Set;

/**
 * The channel queries, answered from this node's replica of the cluster-wide occupancy table:
 * <ul>
 *   <li>{@code GET /apps/{id}/channels?filter_by_prefix=&info=} →
 *       {@code {"channels":{"<name>":{attributes}}}} ({@code user_count} only with a {@code presence-} prefix,
 *       {@code subscription_count} only when the app counts subscriptions);</li>
 *   <li>{@code GET /apps/{id}/channels/{name}?info=} → {@code {"occupied":b, attributes}};</li>
 *   <li>{@code GET /apps/{id}/channels/{name}/users} → {@code {"users":[{"id":"..."}]}}, presence only.</li>
 * </ul>
 */
final class ChannelsQueryHandler {
    private final RaftLog log;

    ChannelsQueryHandler(RaftLog log) {
        this.log = log;
    }

    /**
     * Lists occupied channels.
     *
     * @param app the app.
     * @param request the authenticated request.
     * @return the JSON answer.
     */
    String channels(AppConfig app, ApiRequest request) {
        String prefix = request.param("filter_by_prefix");
        prefix = prefix == null ? "" : prefix;
        Set<String> info = EventRules.info(request.param("info"), app, prefix.startsWith("presence-"), "");
        List<ChannelOccupancy> occupied = log.occupiedLocal(app.id(), prefix);
        StringBuilder b = new StringBuilder("{\"channels\":{");
        boolean first = true;
        for (ChannelOccupancy o : occupied) {
            String name = o.channel().channel();
            if (!o.occupied() || name.startsWith("#") || !name.startsWith(prefix)) {
                continue;
            }
            b.append(first ? "" : ",").append(Json.quote(name)).append(':')
                    .append(OccupancyView.render(o, info, ""));
            first = false;
        }
        return b.append("}}").toString();
    }

    /**
     * Describes one channel.
     *
     * @param app the app.
     * @param request the authenticated request.
     * @param channel the channel name from the path.
     * @return the JSON answer.
     */
    String channel(AppConfig app, ApiRequest request, String channel) {
        EventRules.queryableChannel(channel, app.limits());
        Set<String> info = EventRules.info(request.param("info"), app, channel.startsWith("presence-"), "");
        ChannelOccupancy o = log.occupancyLocal(PublishGate.key(app.id(), channel));
        return OccupancyView.render(o, info, "\"occupied\":" + o.occupied());
    }

    /**
     * Lists the members of a presence channel.
     *
     * @param app the app.
     * @param channel the channel name from the path.
     * @return the JSON answer.
     */
    String users(AppConfig app, String channel) {
        EventRules.queryableChannel(channel, app.limits());
        if (!channel.startsWith("presence-")) {
            throw HttpApiException.badRequest("users are only available for presence- channels, not '"
                    + EventRules.abbreviate(channel) + "'");
        }
        List<PresenceMember> members = log.membersLocal(PublishGate.key(app.id(), channel));
        StringBuilder b = new StringBuilder("{\"users\":[");
        for (int i = 0; i < members.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":").append(Json.quote(members.get(i).userId())).append('}');
        }
        return b.append("]}").toString();
    }
}
