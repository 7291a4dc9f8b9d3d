package io.raftbus.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * A member of a presence channel, cluster-wide: present while any node holds a connection of that user.
 *
 * @param userId the user id.
 * @param userInfo the {@code user_info} JSON text in UTF-8 from the member's first connection, or empty.
 */
public record PresenceMember(String userId, byte[] userInfo) {
    /** Checks the invariants. */
    public PresenceMember {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userInfo, "userInfo");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PresenceMember m && userId.equals(m.userId) && Arrays.equals(userInfo, m.userInfo);
    }

    @Override
    public int hashCode() {
        return userId.hashCode();
    }

    @Override
    public String toString() {
        return "PresenceMember[" + userId + "]";
    }
}
