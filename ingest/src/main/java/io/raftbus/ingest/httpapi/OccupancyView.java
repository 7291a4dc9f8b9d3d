package io.raftbus.ingest.httpapi;

import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.internal.Json;
import io.raftbus.log.ChannelOccupancy;
import io.raftbus.log.RaftLog;
import java.util.List;
import java.util.Set;

/**
 * Renders the {@code info} attributes of channels from this node's replica of the cluster-wide occupancy table
 * ({@link RaftLog#occupancyLocal}). Answers may lag the leader by a few milliseconds, like any local read.
 */
final class OccupancyView {
    private final RaftLog log;

    OccupancyView(RaftLog log) {
        this.log = log;
    }

    /**
     * Returns one channel's occupancy.
     *
     * @param app the app.
     * @param channel the channel.
     * @return the occupancy.
     */
    ChannelOccupancy of(AppConfig app, String channel) {
        return log.occupancyLocal(PublishGate.key(app.id(), channel));
    }

    /**
     * Renders {@code {"user_count":n,"subscription_count":n}} with the asked attributes only.
     *
     * @param app the app.
     * @param channel the channel.
     * @param info the attributes.
     * @return the JSON object.
     */
    String attributes(AppConfig app, String channel, Set<String> info) {
        return render(of(app, channel), info, "");
    }

    /**
     * Renders {@code {"<channel>":{attributes},...}}.
     *
     * @param app the app.
     * @param channels the channels.
     * @param info the attributes.
     * @return the JSON object.
     */
    String attributesByChannel(AppConfig app, List<String> channels, Set<String> info) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < channels.size(); i++) {
            b.append(i == 0 ? "" : ",").append(Json.quote(channels.get(i))).append(':')
                    .append(attributes(app, channels.get(i), info));
        }
        return b.append('}').toString();
    }

    /**
     * Renders the attributes of an occupancy as JSON object members.
     *
     * @param o the occupancy.
     * @param info the attributes.
     * @param prefix members written before the attributes (for example {@code "occupied":true}), or empty.
     * @return the JSON object.
     */
    static String render(ChannelOccupancy o, Set<String> info, String prefix) {
        StringBuilder b = new StringBuilder("{").append(prefix);
        boolean first = prefix.isEmpty();
        if (info.contains("user_count")) {
            b.append(first ? "" : ",").append("\"user_count\":").append(o.userCount());
            first = false;
        }
        if (info.contains("subscription_count")) {
            b.append(first ? "" : ",").append("\"subscription_count\":").append(o.subscriptionCount());
        }
        return b.append('}').toString();
    }
}
