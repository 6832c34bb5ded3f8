package io.crmsync.worker.transfer;

import java.util.ArrayList;
import java.util.List;

import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.TargetConnector;
import io.crmsync.worker.task.TaskDefinition;
import jakarta.inject.Singleton;

/**
 * Shows an admin what a run of a point would do with its first source records, without writing anything. The
 * point is validated exactly as a run validates it ({@link PointValidator}), the source is read in the run's
 * order with the point's filter, and records go through the run's {@link RecordMapper}. The target is only
 * described (through a plain connector session, never a target session that could write).
 */
@Singleton
public class PointPreviewer {

    private final ConnectorRegistry connectors;
    private final TransferSettings settings;
    private final TransientRetry retry;

    public PointPreviewer(ConnectorRegistry connectors, TransferSettings settings) {
        this.connectors = connectors;
        this.settings = settings;
        // A preview reads once without retrying, so it never consults these breakers.
        this.retry = new TransientRetry(settings,
                new EndpointBreakers(settings.breakerFailures(), settings.breakerCoolDown()));
    }

    /** One previewed record: JSON objects of the source record and of the mapped target values. */
    public record PreviewedRecord(String sourceJson, String targetJson, List<String> problems) {
    }

    /**
     * The first {@code limit} records of the point mapped by its rules. Configuration problems throw the
     * {@link TransferFailure} a run would record.
     */
    public List<PreviewedRecord> preview(TaskDefinition definition, int limit) {
        SourceConnector sourceConnector = TaskConnectors.source(connectors, definition.source());
        TargetConnector targetConnector = TaskConnectors.target(connectors, definition.target());
        // A preview reads the whole source like a full run; an incremental-only check does not apply.
        Task full = Task.newBuilder().setMode(RunMode.RUN_MODE_FULL).build();
        PointValidator.checkRules(definition.integration(), definition.point(), full, sourceConnector,
                targetConnector);
        try (SourceReader source = SourceReader.open(sourceConnector, definition.source(), settings, retry)) {
            ObjectDescription sourceObject = source.describe(definition.point().getSourceObject());
            ObjectDescription targetObject = describeTarget(targetConnector, definition);
            TransferPlan plan = PointValidator.plan(definition, sourceObject, targetObject);
            source.requireFilterRuns(plan);
            List<PreviewedRecord> previewed = new ArrayList<>();
            for (SourceRecord record : source.first(plan, limit)) {
                previewed.add(toPreview(plan.mapper(), record));
            }
            return previewed;
        }
    }

    private static ObjectDescription describeTarget(TargetConnector connector, TaskDefinition definition) {
        try (ConnectorSession target = TaskConnectors.open(definition.target(), EndpointRole.TARGET,
                () -> connector.connect(definition.target()))) {
            return TaskConnectors.describe(target, definition.point().getTargetObject(), EndpointRole.TARGET,
                    definition.target());
        }
    }

    private static PreviewedRecord toPreview(RecordMapper mapper, SourceRecord record) {
        RecordMapper.Mapped mapped = mapper.preview(record);
        // The same words a run records when it rejects such a record.
        List<String> problems = new ArrayList<>();
        mapper.missingKeyField(record).ifPresent(f -> problems.add("match key field '" + f + "' is empty"));
        problems.addAll(mapped.problems());
        return new PreviewedRecord(mapper.sourceJson(record), mapped.targetJson(), problems);
    }
}
