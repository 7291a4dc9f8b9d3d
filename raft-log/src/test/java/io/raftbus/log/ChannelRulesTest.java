package io.raftbus.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The names that may enter the log: Pusher's channel alphabet {@code [A-Za-z0-9_\-=@,.;]} plus {@code #}, up to
 * 164 characters; app ids {@code [A-Za-z0-9_\-]} up to 64; event names of 1 to 200 characters; optional keys
 * up to 256. Every refusal is a {@link LogException} with its own {@link LogError} and names the bad value.
 */
class ChannelRulesTest {
    private static final String CHANNEL_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-=@,.;#";
    private static final String APP_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    // ------------------------------------------------------------------ channels

    @Property(tries = 200)
    void shouldAcceptChannelWhenItUsesOnlyPusherCharacters(@ForAll("validChannels") String channel) {
        assertThatCode(() -> ChannelRules.checkChannel(channel)).doesNotThrowAnyException();
    }

    @Example
    void shouldAcceptChannelWhenItIsATypicalPusherName() {
        for (String c : new String[] {"orders", "private-chat.room-1", "presence-room@acme,eu;v=2",
                "#server-to-user-42", "private-encrypted-x", "a", "A".repeat(164)}) {
            assertThatCode(() -> ChannelRules.checkChannel(c)).as(c).doesNotThrowAnyException();
        }
    }

    @Property(tries = 200)
    void shouldRefuseChannelNamingCharacterWhenOneIsOutsideTheAlphabet(@ForAll("channelsWithBadChar")
                                                                       BadName bad) {
        assertThatThrownBy(() -> ChannelRules.checkChannel(bad.name()))
                .isInstanceOfSatisfying(LogException.class,
                        e -> assertThat(e.error()).isEqualTo(LogError.INVALID_CHANNEL))
                .hasMessageContaining("'" + bad.name() + "'")
                .hasMessageContaining("the character '" + bad.badChar() + "' at " + bad.at());
    }

    @Example
    void shouldRefuseChannelWhenItHasTypicalBadCharacters() {
        for (String c : new String[] {"with space", "slash/x", "colon:x", "star*", "tab\tx", "caf\u00e9",
                "rocket\ud83d\ude80", "quote'", "percent%20"}) {
            assertInvalid(() -> ChannelRules.checkChannel(c), LogError.INVALID_CHANNEL, "'" + c + "'");
        }
    }

    @Example
    void shouldRefuseChannelWhenItIsEmptyOrNull() {
        assertInvalid(() -> ChannelRules.checkChannel(""), LogError.INVALID_CHANNEL, "'' must have 1 to 164");
        assertInvalid(() -> ChannelRules.checkChannel(null), LogError.INVALID_CHANNEL, "'null' must have 1 to 164");
    }

    @Example
    void shouldRefuseChannelNamingItsStartWhenLongerThan164() {
        String tooLong = "c".repeat(100) + "d".repeat(65);

        assertInvalid(() -> ChannelRules.checkChannel(tooLong), LogError.INVALID_CHANNEL,
                "'" + "c".repeat(40) + "...' must have 1 to 164 characters");
        assertThatCode(() -> ChannelRules.checkChannel(tooLong.substring(1))).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ apps

    @Property(tries = 100)
    void shouldAcceptAppWhenItUsesOnlyAppCharacters(@ForAll("validApps") String app) {
        assertThatCode(() -> ChannelRules.checkApp(app)).doesNotThrowAnyException();
    }

    @Example
    void shouldRefuseAppNamingItWhenItHasABadCharacter() {
        for (String a : new String[] {"my.app", "app@x", "a b", "app#1", "app=1", "\u00e4pp", "a;b"}) {
            assertInvalid(() -> ChannelRules.checkApp(a), LogError.INVALID_APP, "'" + a + "'");
        }
    }

    @Example
    void shouldRefuseAppWhenEmptyNullOrLongerThan64() {
        assertInvalid(() -> ChannelRules.checkApp(""), LogError.INVALID_APP, "'' must have 1 to 64");
        assertInvalid(() -> ChannelRules.checkApp(null), LogError.INVALID_APP, "'null' must have 1 to 64");
        assertInvalid(() -> ChannelRules.checkApp("a".repeat(65)), LogError.INVALID_APP,
                "'" + "a".repeat(40) + "...'");
        assertThatCode(() -> ChannelRules.checkApp("a".repeat(64))).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ event names

    @Property(tries = 100)
    void shouldAcceptEventNameWhenItHasOneTo200Characters(@ForAll("eventNames") String event) {
        assertThatCode(() -> ChannelRules.checkEventName(event)).doesNotThrowAnyException();
    }

    @Example
    void shouldRefuseEventNameNamingItWhenEmptyNullOrLongerThan200() {
        assertInvalid(() -> ChannelRules.checkEventName(""), LogError.INVALID_EVENT_NAME, "'' must have 1 to 200");
        assertInvalid(() -> ChannelRules.checkEventName(null), LogError.INVALID_EVENT_NAME, "'null'");
        String tooLong = "evt-" + "x".repeat(197);
        assertInvalid(() -> ChannelRules.checkEventName(tooLong), LogError.INVALID_EVENT_NAME,
                "'" + tooLong.substring(0, 40) + "...' must have 1 to 200 characters");
        assertThatCode(() -> ChannelRules.checkEventName(tooLong.substring(1))).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ optional keys

    @Example
    void shouldAcceptOptionalKeyWhenNullOrUpTo256() {
        assertThatCode(() -> ChannelRules.checkOptionalKey("idempotency key", null)).doesNotThrowAnyException();
        assertThatCode(() -> ChannelRules.checkOptionalKey("idempotency key", "k".repeat(256)))
                .doesNotThrowAnyException();
    }

    @Example
    void shouldRefuseOptionalKeyNamingTheFieldWhenEmptyOrLongerThan256() {
        assertInvalid(() -> ChannelRules.checkOptionalKey("idempotency key", ""), LogError.INVALID_FIELD,
                "idempotency key must have 1 to 256");
        assertInvalid(() -> ChannelRules.checkOptionalKey("socket id", "s".repeat(257)), LogError.INVALID_FIELD,
                "socket id must have 1 to 256");
    }

    @Example
    void shouldRefuseChannelWhenItStartsWithTheClusterPrefix() {
        assertInvalid(() -> ChannelRules.checkChannel("#cluster-g0"), LogError.INVALID_CHANNEL,
                "which only the log itself writes to");
        assertInvalid(() -> ChannelRules.checkChannel("#cluster-gx"), LogError.INVALID_CHANNEL, "#cluster-g");
        assertThatCode(() -> ChannelRules.checkChannel("#cluster-x")).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ helpers

    private static void assertInvalid(ThrowingCallable call, LogError error,
                                      String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(LogException.class,
                        e -> assertThat(e.error()).isEqualTo(error))
                .hasMessageStartingWith("[RB" + error.code() + "] ")
                .hasMessageContaining(messagePart);
    }

    /** A channel name of at most 40 characters (so the message shows it whole) with a bad character. */
    record BadName(String name, int at, char badChar) {
    }

    @Provide
    Arbitrary<String> validChannels() {
        return Arbitraries.strings().withChars(CHANNEL_CHARS).ofMinLength(1).ofMaxLength(164);
    }

    @Provide
    Arbitrary<String> validApps() {
        return Arbitraries.strings().withChars(APP_CHARS).ofMinLength(1).ofMaxLength(64);
    }

    @Provide
    Arbitrary<String> eventNames() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(200);
    }

    @Provide
    Arbitrary<BadName> channelsWithBadChar() {
        Arbitrary<String> good = Arbitraries.strings().withChars(CHANNEL_CHARS).ofMaxLength(19);
        Arbitrary<Character> bad = Arbitraries.chars().all().filter(c -> CHANNEL_CHARS.indexOf(c) < 0);
        return Combinators.combine(good, bad, good)
                .as((before, c, after) -> new BadName(before + c + after, before.length(), c));
    }
}
