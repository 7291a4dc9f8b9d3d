package io.raftbus.log.internal;

import java.nio.file.Path;

/** A read reached a store that was closed, normally because a snapshot install replaced it; read again. */
public final class StoreClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StoreClosedException(Path dir) {
        super("store " + dir + " is closed");
    }
}
