package io.crmsync.worker.connector.csv;

import java.nio.file.Path;
import java.util.Set;


import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.WorkerConfig;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.connector.TargetConnector;
import io.crmsync.worker.connector.TargetSession;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * CSV files in a directory the worker can see, one file per object ({@code contacts} is {@code contacts.csv}).
 * Settings {@code path}, {@code delimiter}, {@code encoding}, {@code header}, {@code timeZone}; no secrets. Every
 * field is text. As a target it only appends ({@link CsvTarget} says why).
 */
@Singleton
@Named(CsvConnector.TYPE)
public class CsvConnector implements SourceConnector, TargetConnector {

    public static final String TYPE = "csv";
    static final Set<Operation> OPERATIONS = Set.of(Operation.OPERATION_INSERT_ONLY);

    private final Path root;

    /**
     * @param root the only directory tree CSV endpoints may reach ({@code crmsync.worker.csv-root}): an endpoint's
     *        {@code path} is resolved against it and must stay inside it, so an admin cannot read or write other
     *        files of the worker's host through an endpoint
     */
    public CsvConnector(Path root) {
        this.root = root;
    }

    @Inject
    CsvConnector(WorkerConfig config) {
        this(Path.of(config.csvRoot()));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ConnectorSession connect(EndpointAccess endpoint) {
        return new CsvSession(CsvSettings.of(endpoint, root));
    }

    @Override
    public SourceSession openSource(EndpointAccess endpoint) {
        return new CsvSource(CsvSettings.of(endpoint, root));
    }

    @Override
    public TargetSession openTarget(EndpointAccess endpoint) {
        return new CsvTarget(CsvSettings.of(endpoint, root));
    }

    @Override
    public Set<Operation> supportedOperations() {
        return OPERATIONS;
    }
}
