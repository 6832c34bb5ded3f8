package io.crmsync.worker.remote;

import io.crmsync.common.error.CrmsyncException;

/** A peer that did not answer or said it is unavailable: worth retrying after a pause. */
public class RemoteUnavailableException extends CrmsyncException {

    RemoteUnavailableException(CrmsyncException failure) {
        super(failure.code(), failure.getMessage(), failure.field(), failure);
    }
}
