package dev.jflame.agent.push;

/**
 * Constants only (immutable): the field numbers of the OTLP messages {@link OtlpProfiles} writes, as
 * opentelemetry-proto v1.11.0 defines them (profiles signal {@code v1development}; its {@code Sample} was
 * renumbered in 1.10, so receivers older than that read these bytes wrongly), and the attribute names it
 * writes (contract).
 */
final class Otlp {
    // collector.profiles.v1development.ExportProfilesServiceRequest
    static final int REQUEST_RESOURCE_PROFILES = 1;
    static final int REQUEST_DICTIONARY = 2;

    // collector.profiles.v1development.ExportProfilesServiceResponse, ExportProfilesPartialSuccess
    static final int RESPONSE_PARTIAL_SUCCESS = 1;
    static final int PARTIAL_REJECTED_PROFILES = 1;
    static final int PARTIAL_ERROR_MESSAGE = 2;

    // ResourceProfiles, resource.v1.Resource
    static final int RESOURCE_PROFILES_RESOURCE = 1;
    static final int RESOURCE_PROFILES_SCOPE_PROFILES = 2;
    static final int RESOURCE_ATTRIBUTES = 1;

    // ScopeProfiles, common.v1.InstrumentationScope
    static final int SCOPE_PROFILES_SCOPE = 1;
    static final int SCOPE_PROFILES_PROFILES = 2;
    static final int SCOPE_NAME = 1;
    static final int SCOPE_VERSION = 2;

    // common.v1.KeyValue, common.v1.AnyValue
    static final int KEY_VALUE_KEY = 1;
    static final int KEY_VALUE_VALUE = 2;
    static final int ANY_VALUE_STRING = 1;
    static final int ANY_VALUE_INT = 3;

    // Profile
    static final int PROFILE_SAMPLE_TYPE = 1;
    static final int PROFILE_SAMPLES = 2;
    static final int PROFILE_TIME_UNIX_NANO = 3;
    static final int PROFILE_DURATION_NANO = 4;
    static final int PROFILE_PERIOD_TYPE = 5;
    static final int PROFILE_PERIOD = 6;
    static final int PROFILE_ID = 7;
    static final int PROFILE_ATTRIBUTE_INDICES = 11;

    static final int VALUE_TYPE_TYPE = 1;
    static final int VALUE_TYPE_UNIT = 2;

    // Sample
    static final int SAMPLE_STACK_INDEX = 1;
    static final int SAMPLE_ATTRIBUTE_INDICES = 2;
    static final int SAMPLE_VALUES = 4;
    static final int SAMPLE_TIMESTAMPS_UNIX_NANO = 5;

    // ProfilesDictionary and its tables' messages
    static final int DICTIONARY_MAPPING_TABLE = 1;
    static final int DICTIONARY_LOCATION_TABLE = 2;
    static final int DICTIONARY_FUNCTION_TABLE = 3;
    static final int DICTIONARY_LINK_TABLE = 4;
    static final int DICTIONARY_STRING_TABLE = 5;
    static final int DICTIONARY_ATTRIBUTE_TABLE = 6;
    static final int DICTIONARY_STACK_TABLE = 7;
    static final int LINK_TRACE_ID = 1;
    static final int LINK_SPAN_ID = 2;
    static final int STACK_LOCATION_INDICES = 1;
    static final int LOCATION_LINES = 3;
    static final int LINE_FUNCTION_INDEX = 1;
    static final int FUNCTION_NAME = 1;
    static final int KEY_VALUE_AND_UNIT_KEY = 1;
    static final int KEY_VALUE_AND_UNIT_VALUE = 2;

    // Resource attributes: OpenTelemetry's semantic conventions (v1.44.0).
    static final String SERVICE_NAME = "service.name";
    static final String PROCESS_PID = "process.pid";
    static final String HOST_NAME = "host.name";
    static final String RUNTIME_NAME = "process.runtime.name";
    static final String RUNTIME_VERSION = "process.runtime.version";
    static final String RUNTIME_DESCRIPTION = "process.runtime.description";

    // Sample attributes: the thread's name is the conventions' key; the rest have none there and are jflame's own.
    static final String THREAD_NAME = "thread.name";
    static final String THREAD_STATE = "jflame.thread.state";
    static final String LOCK_NAME = "jflame.lock.name";
    static final String LOCK_OWNER = "jflame.lock.owner";
    static final String WAITS_FOR_PID = "jflame.waits_for.pid";
    static final String WAITS_ON = "jflame.waits_on";

    // Profile attributes
    static final String DROPPED_PERIODS = "jflame.dropped_periods";

    private Otlp() {
    }
}
