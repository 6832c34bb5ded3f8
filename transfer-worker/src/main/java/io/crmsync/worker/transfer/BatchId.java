package io.crmsync.worker.transfer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.crmsync.worker.connector.Position;

/**
 * The id under which a batch's rejects are recorded. It depends only on the task and the batch's first and
 * last positions, so a batch replayed after a crash (same checkpoint, same batch size) is recorded once.
 */
final class BatchId {

    private BatchId() {
    }

    static String of(String taskId, Position first, Position last) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((text(first) + "\u001e" + text(last)).getBytes(StandardCharsets.UTF_8));
            return taskId + ":" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String text(Position position) {
        return position.modifiedTime() + "\u001f" + String.join("\u001f", position.key());
    }
}
