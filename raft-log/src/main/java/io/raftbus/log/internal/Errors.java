package io.raftbus.log.internal;

import io.raftbus.log.LogError;
import io.raftbus.log.LogException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;

/** Turns whatever Ratis answers into one {@link LogException}, the only failure callers of the log see. */
final class Errors {
    private static final Pattern CODE = Pattern.compile("\\[RB(\\d+)] (.*)", Pattern.DOTALL);

    private Errors() {
    }

    /**
     * Maps a failed reply or a thrown exception.
     *
     * @param reply the reply, or null.
     * @param thrown the exception, or null.
     * @return the exception to hand to the caller.
     */
    static LogException map(RaftClientReply reply, Throwable thrown) {
        Throwable t = thrown;
        if (t == null && reply != null) {
            t = reply.getException();
        }
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t == null) {
            return new LogException(LogError.INTERNAL, "failed reply without an exception");
        }
        if (t instanceof LogException le) {
            return le;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String msg = c.getMessage();
            if (msg != null) {
                int at = msg.indexOf("[RB");
                if (at >= 0) {
                    Matcher m = CODE.matcher(msg.substring(at));
                    if (m.matches()) {
                        LogError e = LogError.ofCode(Integer.parseInt(m.group(1)));
                        String detail = m.group(2);
                        String prefix = e.description() + ": ";
                        return new LogException(e, detail.startsWith(prefix) ? detail.substring(prefix.length())
                                : detail);
                    }
                }
            }
        }
        if (t instanceof RaftRetryFailureException) {
            return new LogException(LogError.UNAVAILABLE, "no leader answered within the retries: "
                    + t.getMessage(), t);
        }
        if (t instanceof TimeoutIOException) {
            return new LogException(LogError.TIMEOUT, t.getMessage(), t);
        }
        if (t instanceof AlreadyClosedException) {
            return new LogException(LogError.CLOSED, t.getMessage(), t);
        }
        return new LogException(LogError.UNAVAILABLE, t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    }
}
