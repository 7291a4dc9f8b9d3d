package io.raftbus.ingest.pusher;

import io.raftbus.ingest.internal.Json;
import io.raftbus.log.PresenceMember;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the presence roster of {@code subscription_succeeded}:
 * {@code {"presence":{"ids":[..],"hash":{id:info},"count":n}}}, one entry per distinct user.
 */
final class Roster {
    private Roster() {
    }

    /**
     * Returns the roster JSON from the cluster's members, adding the joining member if this replica does not
     * show it yet.
     *
     * @param members the cluster's members.
     * @param self the joining member.
     * @return the JSON text.
     */
    static String of(List<PresenceMember> members, ChannelAuthorizer.Member self) {
        Map<String, String> hash = new LinkedHashMap<>();
        for (PresenceMember p : members) {
            hash.put(p.userId(), p.userInfo().length == 0 ? "null" : new String(p.userInfo(), StandardCharsets.UTF_8));
        }
        hash.putIfAbsent(self.userId(), self.userInfo() == null ? "null" : self.userInfo());
        StringBuilder ids = new StringBuilder("[");
        StringBuilder h = new StringBuilder("{");
        for (Map.Entry<String, String> e : hash.entrySet()) {
            if (ids.length() > 1) {
                ids.append(',');
                h.append(',');
            }
            ids.append(Json.quote(e.getKey()));
            h.append(Json.quote(e.getKey())).append(':').append(e.getValue());
        }
        return "{\"presence\":{\"ids\":" + ids.append(']') + ",\"hash\":" + h.append('}') + ",\"count\":"
                + hash.size() + "}}";
    }
}
