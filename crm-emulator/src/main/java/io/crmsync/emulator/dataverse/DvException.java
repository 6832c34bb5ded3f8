package io.crmsync.emulator.dataverse;

/** A Dataverse error answer: HTTP status plus the {@code {"error":{"code","message"}}} body. */
final class DvException extends RuntimeException {
    final int status;
    final String code;

    DvException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** OData URI/body errors, which Dataverse answers with code 0x0. */
    static DvException badRequest(String message) {
        return new DvException(400, "0x0", message);
    }

    static DvException notFound(String message) {
        return new DvException(404, "0x80040217", message);
    }
}
