//! The emulator's own schema model: which types it serves, their fields (type, create/update
//! flags, defaults, limits), actions with input types, methods and filters. `/schemas` is rendered
//! from this model and request bodies are validated and filtered against it (Cattle keeps only
//! writable fields and fills schema defaults). Field lists are written in a compact one-line-per-
//! field notation: `name type flags [=default] [min=N] [max=N] [minLen=N] [maxLen=N] [chars=..]
//! [opts=a|b]`, flags being any of `C` (create), `U` (update), `R` (required) or `-`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::error::{ApiError, ApiResult};

/// One field of a schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    pub ty: String,
    pub create: bool,
    pub update: bool,
    pub required: bool,
    pub default: Option<Value>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub min_len: Option<usize>,
    pub max_len: Option<usize>,
    pub valid_chars: Option<String>,
    pub options: Vec<String>,
}

/// One schema (type) as served at `/schemas/{id}`.
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    pub id: &'static str,
    pub plural: &'static str,
    pub collection_methods: Vec<&'static str>,
    pub resource_methods: Vec<&'static str>,
    /// Listable types get a `collection` link.
    pub listable: bool,
    pub fields: IndexMap<String, Field>,
    pub actions: IndexMap<&'static str, Option<&'static str>>,
    /// filter name → type used to pick the modifiers.
    pub filters: IndexMap<String, String>,
    pub output_type: &'static str,
}

struct Def {
    id: &'static str,
    plural: &'static str,
    cm: &'static [&'static str],
    rm: &'static [&'static str],
    listable: bool,
    fields: &'static str,
    actions: &'static [(&'static str, Option<&'static str>)],
    /// Filters; names that are not fields carry their type after a colon.
    filters: &'static str,
}

macro_rules! common {
    () => {
        "accountId reference[account] -; created date -; description string CU; id int -; kind string -;
         removed date -; state enum -; transitioning enum -; transitioningMessage string -;
         transitioningProgress int -; uuid string -;"
    };
}

/// Fields shared with identical flags by `container`, `launchConfig` and `secondaryLaunchConfig`.
macro_rules! container_common {
    () => {
        "accountId reference[account] -; blkioDeviceOptions map[blkioDeviceOption] C; blkioWeight int C;
         build dockerBuild C; capAdd array[enum] C; capDrop array[enum] C; cgroupParent string C;
         command array[string] C; count int C; cpuCount int C; cpuPercent int C; cpuPeriod int C;
         cpuQuota int C; cpuSet string C; cpuSetMems string C; cpuShares int C; createIndex int -;
         created date -; dataVolumeMounts map[reference[volume]] C; dataVolumes array[string] C;
         dataVolumesFrom array[reference[container]] C; deploymentUnitUuid string -; description string CU;
         devices array[string] C; diskQuota int C; dns array[string] C; dnsOpt array[string] C;
         dnsSearch array[string] C; domainName string C; entryPoint array[string] C;
         environment map[string] C; expose array[string] C; externalId string -; extraHosts array[string] C;
         firstRunning date -; groupAdd array[string] C; healthCheck instanceHealthCheck C;
         healthCmd array[string] C; healthInterval int C; healthRetries int C; healthState enum -;
         healthTimeout int C; hostId reference[host] -; hostname string C; id int -; imageUuid string C;
         instanceLinks map[reference[instance]] C; instanceTriggeredStop enum C =stop opts=stop|remove;
         ioMaximumBandwidth int C; ioMaximumIOps int C; ip string C; ip6 string C; ipcMode string C;
         isolation string C; kernelMemory int C; labels map[string] C; logConfig logConfig C;
         lxcConf map[string] C; memory int C; memoryReservation int C; memorySwap int C;
         memorySwappiness int C; milliCpuReservation int C; mounts array[mountEntry] -;
         nativeContainer boolean -; netAlias array[string] C; networkContainerId reference[container] C;
         networkIds array[reference[network]] C; networkMode string C =managed; oomKillDisable boolean C;
         oomScoreAdj int C; pidMode enum C opts=host; pidsLimit int C; primaryIpAddress string -;
         primaryNetworkId reference[network] -; privileged boolean C =false; publishAllPorts boolean C =false;
         readOnly boolean C =false; registryCredentialId reference[registryCredential] C; removed date -;
         requestedHostId reference[host] C; securityOpt array[string] C; serviceIds array[reference[service]] -;
         shmSize int C; startCount int -; startOnCreate boolean C =true; state enum -;
         stdinOpen boolean C =false; stopSignal string C; storageOpt map[string] C; sysctls map[string] C;
         system boolean - =false; tmpfs map[string] C; transitioning enum -; transitioningMessage string -;
         transitioningProgress int -; tty boolean C =false; ulimits array[ulimit] C; user string C;
         usernsMode string C; uts string C; uuid string -; version string - =0; volumeDriver string C;
         workingDir string C;"
    };
}

macro_rules! launch_config_extra {
    () => {
        "dataVolumesFromLaunchConfigs array[string] C; disks array[virtualMachineDisk] C;
         kind enum C =container opts=container|virtualMachine; memoryMb int C; networkLaunchConfig string C;
         ports array[string] CU; requestedIpAddress string C; userdata string C; vcpu int C =1;"
    };
}

macro_rules! service_common {
    () => {
        "currentScale int -; externalId string C; fqdn string -; healthState string -;
         instanceIds array[reference[instance]] -; linkedServices map[reference[service]] -;
         metadata map[json] CU; name string CUR minLen=1 maxLen=63 chars=a-zA-Z0-9-;
         publicEndpoints array[publicEndpoint] -; stackId reference[stack] C; startOnCreate boolean C =false;
         system boolean - =false; upgrade serviceUpgrade -;"
    };
}

/// Network and storage driver services: the fields of a service plus their driver.
macro_rules! driver_service {
    ($id:literal, $plural:literal, $driver:literal) => {
        Def {
            id: $id,
            plural: $plural,
            cm: GET_POST,
            rm: GET_PUT_DELETE,
            listable: true,
            fields: concat!(
                common!(),
                service_common!(),
                "assignServiceIpAddress boolean C =false; createIndex int -; launchConfig launchConfig C;
                 lbConfig lbTargetConfig CU; retainIp boolean CU; scale int CU =1 min=0;
                 scalePolicy scalePolicy CU; secondaryLaunchConfigs array[secondaryLaunchConfig] C;
                 selectorContainer string CU; selectorLink string CU; vip string C;",
                $driver
            ),
            actions: SERVICE_ACTIONS,
            filters: SERVICE_FILTERS,
        }
    };
}

const SERVICE_ACTIONS: &[(&str, Option<&str>)] = &[
    ("activate", None),
    ("addservicelink", Some("addRemoveServiceLinkInput")),
    ("cancelupgrade", None),
    ("continueupgrade", None),
    ("deactivate", None),
    ("finishupgrade", None),
    ("remove", None),
    ("removeservicelink", Some("addRemoveServiceLinkInput")),
    ("restart", Some("serviceRestart")),
    ("rollback", None),
    ("setservicelinks", Some("setServiceLinksInput")),
    ("update", None),
    ("upgrade", Some("serviceUpgrade")),
];

const EXTERNAL_SERVICE_ACTIONS: &[(&str, Option<&str>)] = &[
    ("activate", None),
    ("cancelupgrade", None),
    ("continueupgrade", None),
    ("deactivate", None),
    ("finishupgrade", None),
    ("remove", None),
    ("restart", Some("serviceRestart")),
    ("rollback", None),
    ("update", None),
    ("upgrade", Some("serviceUpgrade")),
];

const SERVICE_FILTERS: &str = "accountId createIndex:int created description externalId healthState id kind name
    removeTime:date removed selectorContainer:string selectorLink:string skip:boolean stackId state system uuid
    vip:string";

const CONTAINER_ACTIONS: &[(&str, Option<&str>)] = &[
    ("logs", Some("containerLogs")),
    ("purge", None),
    ("remove", None),
    ("restart", None),
    ("start", None),
    ("stop", Some("instanceStop")),
    ("update", None),
];

const INSTANCE_ACTIONS: &[(&str, Option<&str>)] = &[
    ("purge", None),
    ("remove", None),
    ("restart", None),
    ("start", None),
    ("stop", Some("instanceStop")),
    ("update", None),
];

const CONTAINER_FILTERS: &str = "accountId:reference createIndex:int created:date deploymentUnitUuid:string
    description:string externalId:string firstRunning:date healthState:string hostname:string id:int imageId:reference
    kind:string name:string removeTime:date removed:date startCount:int state:enum system:boolean uuid:string
    version:string";

const GET: &[&str] = &["GET"];
const GET_POST: &[&str] = &["GET", "POST"];
const GET_PUT_DELETE: &[&str] = &["GET", "PUT", "DELETE"];
const POST: &[&str] = &["POST"];
const NONE: &[&str] = &[];
const GET_PUT: &[&str] = &["GET", "PUT"];

fn embedded(
    id: &'static str,
    plural: &'static str,
    cm: &'static [&'static str],
    fields: &'static str,
) -> Def {
    Def { id, plural, cm, rm: GET, listable: false, fields, actions: &[], filters: "" }
}

fn definitions() -> Vec<Def> {
    vec![
        Def {
            id: "project",
            plural: "projects",
            cm: GET,
            rm: GET,
            listable: true,
            fields: "created date -; defaultNetworkId reference[network] -; description string CU;
                 healthState string -; id int -; kind string - =user; members array[projectMember] C;
                 name string CU; orchestration string - =cattle; projectTemplateId reference[projectTemplate] C;
                 removed date -; servicesPortRange servicesPortRange CU; state enum -; transitioning enum -;
                 transitioningMessage string -; transitioningProgress int -; uuid string -; version string -;
                 virtualMachine boolean CU =false",
            actions: &[],
            filters: "created description healthState id kind name removed state uuid version",
        },
        Def {
            id: "host",
            plural: "hosts",
            cm: GET,
            rm: GET,
            listable: true,
            fields: concat!(
                common!(),
                "agentIpAddress string -; agentState string -; computeTotal int -; hostname string CR;
                 info json -; instanceIds array[reference[instance]] -; labels map[string] CU; memory int CU;
                 milliCpu int CU; name string CU; publicEndpoints array[publicEndpoint] -"
            ),
            actions: &[],
            filters: "accountId agentState created description id kind name removed state uuid",
        },
        Def {
            id: "stack",
            plural: "stacks",
            cm: GET_POST,
            rm: GET_PUT_DELETE,
            listable: true,
            fields: concat!(
                common!(),
                "binding binding CU; dockerCompose string C; environment map[string] C; externalId string CU;
                 group string CU; healthState string -; name string CUR minLen=1 maxLen=63 chars=a-zA-Z0-9-;
                 outputs map[string] CU; previousEnvironment map[string] CU; previousExternalId string CU;
                 rancherCompose string C; serviceIds array[reference[service]] -; startOnCreate boolean C;
                 system boolean - =false"
            ),
            actions: &[
                ("activateservices", None),
                ("addoutputs", Some("addOutputsInput")),
                ("cancelupgrade", None),
                ("deactivateservices", None),
                ("error", None),
                ("exportconfig", Some("composeConfigInput")),
                ("finishupgrade", None),
                ("remove", None),
                ("rollback", None),
                ("update", None),
                ("upgrade", Some("stackUpgrade")),
            ],
            filters: "accountId created description externalId group healthState id kind name
                removeTime:date removed state system uuid",
        },
        Def {
            id: "service",
            plural: "services",
            cm: GET_POST,
            rm: GET_PUT_DELETE,
            listable: true,
            fields: concat!(
                common!(),
                service_common!(),
                "assignServiceIpAddress boolean C =false; createIndex int -; launchConfig launchConfig C;
                 lbConfig lbTargetConfig CU; retainIp boolean CU; scale int CU =1 min=0;
                 scalePolicy scalePolicy CU; secondaryLaunchConfigs array[secondaryLaunchConfig] C;
                 selectorContainer string CU; selectorLink string CU; vip string C"
            ),
            actions: SERVICE_ACTIONS,
            filters: SERVICE_FILTERS,
        },
        Def {
            id: "loadBalancerService",
            plural: "loadBalancerServices",
            cm: GET_POST,
            rm: GET_PUT_DELETE,
            listable: true,
            fields: concat!(
                common!(),
                service_common!(),
                "assignServiceIpAddress boolean C =false; launchConfig launchConfig CUR; lbConfig lbConfig CUR;
                 retainIp boolean CU; scale int CU =1 min=0; scalePolicy scalePolicy CU;
                 selectorLink string CU; vip string C"
            ),
            actions: SERVICE_ACTIONS,
            filters: SERVICE_FILTERS,
        },
        Def {
            id: "externalService",
            plural: "externalServices",
            cm: GET_POST,
            rm: GET_PUT_DELETE,
            listable: true,
            fields: concat!(
                common!(),
                "externalId string C; externalIpAddresses array[string] CU; fqdn string -;
                 healthCheck instanceHealthCheck C; healthState string -; hostname string CU;
                 instanceIds array[reference[instance]] -; launchConfig launchConfig C;
                 linkedServices map[reference[service]] -; metadata map[json] CU;
                 name string CUR minLen=1 maxLen=63 chars=a-zA-Z0-9-; stackId reference[stack] C;
                 startOnCreate boolean C =false; system boolean - =false; upgrade serviceUpgrade -"
            ),
            actions: EXTERNAL_SERVICE_ACTIONS,
            filters: SERVICE_FILTERS,
        },
        Def {
            id: "dnsService",
            plural: "dnsServices",
            cm: GET_POST,
            rm: GET_PUT_DELETE,
            listable: true,
            fields: concat!(
                common!(),
                "assignServiceIpAddress boolean C =false; externalId string C; fqdn string -;
                 healthState string -; instanceIds array[reference[instance]] -; launchConfig launchConfig C;
                 linkedServices map[reference[service]] -; metadata map[json] CU;
                 name string CUR minLen=1 maxLen=63 chars=a-zA-Z0-9-; retainIp boolean CU;
                 selectorLink string CU; stackId reference[stack] C; startOnCreate boolean C =false;
                 system boolean - =false; upgrade serviceUpgrade -"
            ),
            actions: SERVICE_ACTIONS,
            filters: SERVICE_FILTERS,
        },
        driver_service!("networkDriverService", "networkDriverServices", "networkDriver networkDriver CUR"),
        driver_service!("storageDriverService", "storageDriverServices", "storageDriver storageDriver CUR"),
        Def {
            id: "container",
            plural: "containers",
            cm: GET_POST,
            rm: GET_PUT_DELETE,
            listable: true,
            fields: concat!(
                container_common!(),
                "kind string -; name string CU; ports array[string] C; restartPolicy restartPolicy C"
            ),
            actions: CONTAINER_ACTIONS,
            filters: CONTAINER_FILTERS,
        },
        Def {
            id: "instance",
            plural: "instances",
            cm: GET,
            rm: GET,
            listable: true,
            fields: concat!(common!(), "externalId string -; hostId reference[host] -; name string CU"),
            actions: INSTANCE_ACTIONS,
            filters: CONTAINER_FILTERS,
        },
        Def {
            id: "serviceConsumeMap",
            plural: "serviceConsumeMaps",
            cm: GET,
            rm: GET,
            listable: true,
            fields: concat!(
                common!(),
                "consumedServiceId reference[service] -; name string -; ports array[string] R;
                 serviceId reference[service] -"
            ),
            actions: &[],
            filters: "accountId consumedServiceId created description id kind name removeTime:date removed
                serviceId state uuid",
        },
        Def {
            id: "certificate",
            plural: "certificates",
            cm: GET_POST,
            rm: GET_PUT_DELETE,
            listable: true,
            fields: concat!(
                common!(),
                "CN string -; algorithm string -; cert string CUR; certChain string CU;
                 certFingerprint string -; expiresAt string -; issuedAt string -; issuer string -;
                 key string CUR; keySize int -; name string CUR; serialNumber string -;
                 subjectAlternativeNames array[string] -; version string -"
            ),
            actions: &[("remove", None), ("update", None)],
            filters: "accountId created description id kind name removeTime:date removed state uuid",
        },
        Def {
            id: "setting",
            plural: "settings",
            cm: GET,
            rm: GET,
            listable: true,
            fields: "activeValue string -; id int -; name string -; value string -",
            actions: &[],
            filters: "id name value",
        },
        Def {
            id: "subscribe",
            plural: "subscribe",
            cm: GET_POST,
            rm: GET,
            listable: true,
            fields: "eventNames array[string] C",
            actions: &[],
            // Only equality: the real schema offers no other modifier for event names.
            filters: "eventNames:eq-only",
        },
        Def {
            id: "pullTask",
            plural: "pullTasks",
            cm: GET_POST,
            rm: GET,
            listable: true,
            fields: concat!(
                common!(),
                "image string CR; labels map[string] C; mode enum CR =all opts=all|cached; name string C;
                 status map[string] -"
            ),
            actions: &[],
            filters: "accountId created description id kind name removeTime:date removed state uuid",
        },
        Def {
            id: "volume",
            plural: "volumes",
            cm: GET_POST,
            rm: GET_PUT_DELETE,
            listable: true,
            fields: concat!(
                common!(),
                "driver string C; driverOpts map[string] CU; externalId string -; hostId reference[host] CU;
                 instanceId reference[instance] -; isHostPath boolean - =false; name string CR;
                 sizeMb int C; stackId reference[stack] C; uri string -;
                 volumeTemplateId reference[volumeTemplate] C"
            ),
            actions: &[("remove", None)],
            filters: "accountId created description externalId hostId id instanceId kind name
                removeTime:date removed stackId state uuid volumeTemplateId",
        },
        Def {
            id: "volumeTemplate",
            plural: "volumeTemplates",
            cm: GET_POST,
            rm: GET,
            listable: true,
            fields: concat!(
                common!(),
                "driver string C; driverOpts map[string] C; external boolean C; name string CUR;
                 perContainer boolean C; stackId reference[stack] C"
            ),
            actions: &[("remove", None)],
            filters: "accountId created description driver external id kind name perContainer
                removeTime:date removed stackId state uuid",
        },
        Def {
            id: "launchConfig",
            plural: "launchConfigs",
            cm: POST,
            rm: GET_PUT,
            listable: false,
            fields: concat!(container_common!(), launch_config_extra!()),
            actions: &[],
            filters: "",
        },
        Def {
            id: "secondaryLaunchConfig",
            plural: "secondaryLaunchConfigs",
            cm: POST,
            rm: GET_PUT,
            listable: false,
            fields: concat!(container_common!(), launch_config_extra!(), "name string CR"),
            actions: &[],
            filters: "",
        },
        embedded(
            "serviceUpgrade",
            "serviceUpgrades",
            POST,
            "inServiceStrategy inServiceUpgradeStrategy C; toServiceStrategy toServiceUpgradeStrategy C",
        ),
        embedded(
            "inServiceUpgradeStrategy",
            "inServiceUpgradeStrategys",
            POST,
            "batchSize int C =1 min=1; intervalMillis int C =2000 min=100; launchConfig launchConfig C;
             previousLaunchConfig launchConfig -; previousSecondaryLaunchConfigs array[secondaryLaunchConfig] -;
             secondaryLaunchConfigs array[secondaryLaunchConfig] C; startFirst boolean C =false",
        ),
        embedded(
            "toServiceUpgradeStrategy",
            "toServiceUpgradeStrategys",
            POST,
            "batchSize int C =1 min=1; finalScale int C =1 min=1; intervalMillis int C =2000 min=100;
             toServiceId reference[service] C; updateLinks boolean C",
        ),
        embedded("serviceRestart", "serviceRestarts", POST, "rollingRestartStrategy rollingRestartStrategy CR"),
        embedded(
            "rollingRestartStrategy",
            "rollingRestartStrategys",
            POST,
            "batchSize int C =1 min=1; intervalMillis int C =2000 min=100",
        ),
        embedded("setServiceLinksInput", "setServiceLinksInputs", POST, "serviceLinks array[serviceLink] C"),
        embedded(
            "serviceLink",
            "serviceLinks",
            POST,
            "name string C; serviceId reference[service] CR; uuid string -",
        ),
        embedded("addRemoveServiceLinkInput", "addRemoveServiceLinkInputs", POST, "serviceLink serviceLink CR"),
        embedded("composeConfigInput", "composeConfigInputs", POST, "serviceIds array[reference[service]] C"),
        embedded("composeConfig", "composeConfigs", NONE, "dockerComposeConfig string -; rancherComposeConfig string -"),
        embedded("containerLogs", "containerLogses", POST, "follow boolean C =true; lines int C =100 min=0"),
        embedded("hostAccess", "hostAccesses", NONE, "token string -; url string -"),
        embedded(
            "stackUpgrade",
            "stackUpgrades",
            POST,
            "dockerCompose string C; environment map[string] C; externalId string C; rancherCompose string C",
        ),
        embedded("addOutputsInput", "addOutputsInputs", NONE, "outputs map[string] CR"),
        embedded("instanceStop", "instanceStops", POST, "remove boolean C; timeout int C"),
        embedded("scalePolicy", "scalePolicys", NONE, "increment int C =1; max int C =1; min int CR =1"),
        embedded(
            "instanceHealthCheck",
            "instanceHealthChecks",
            POST,
            "healthyThreshold int C; initializingTimeout int C; interval int C; name string CU;
             port int CR min=1 max=65535; recreateOnQuorumStrategyConfig recreateOnQuorumStrategyConfig C;
             reinitializingTimeout int C; requestLine string C; responseTimeout int C;
             strategy enum C =recreate opts=none|recreate|recreateOnQuorum; unhealthyThreshold int C",
        ),
        embedded(
            "lbConfig",
            "lbConfigs",
            POST,
            "certificateIds array[reference[certificate]] C; config string C;
             defaultCertificateId reference[certificate] C; portRules array[portRule] C;
             stickinessPolicy loadBalancerCookieStickinessPolicy C",
        ),
        embedded("lbTargetConfig", "lbTargetConfigs", NONE, "portRules array[targetPortRule] CU"),
        embedded(
            "portRule",
            "portRules",
            POST,
            "backendName string C; hostname string C; path string C; priority int C;
             protocol enum C =http opts=http|tcp|https|tls|sni|udp; selector string C;
             serviceId reference[service] C; sourcePort int CR; targetPort int C",
        ),
        embedded(
            "targetPortRule",
            "targetPortRules",
            POST,
            "backendName string C; hostname string C; path string C; targetPort int CR",
        ),
        embedded("logConfig", "logConfigs", POST, "config map[string] C; driver string C"),
        embedded("restartPolicy", "restartPolicys", POST, "maximumRetryCount int C; name string CU"),
        embedded(
            "publicEndpoint",
            "publicEndpoints",
            NONE,
            "hostId reference[host] -; instanceId reference[instance] -; ipAddress string -; port int -;
             serviceId reference[service] -",
        ),
        Def {
            id: "loadBalancerCookieStickinessPolicy",
            plural: "loadBalancerCookieStickinessPolicys",
            cm: POST,
            rm: GET_PUT,
            listable: false,
            fields: "cookie string CU; domain string CU; indirect boolean CU; mode enum CU =insert
                     opts=rewrite|insert|prefix; name string CU; nocache boolean CU; postonly boolean CU",
            actions: &[],
            filters: "",
        },
        embedded("ulimit", "ulimits", POST, "hard int C; name string C; soft int C"),
        embedded(
            "blkioDeviceOption",
            "blkioDeviceOptions",
            POST,
            "readBps int C; readIops int C; weight int C; writeBps int C; writeIops int C",
        ),
        embedded(
            "recreateOnQuorumStrategyConfig",
            "recreateOnQuorumStrategyConfigs",
            POST,
            "quorum int CR",
        ),
        embedded(
            "networkDriver",
            "networkDrivers",
            NONE,
            "cniConfig map[json] C; defaultNetwork defaultNetwork C; description string CU; name string CU;
             networkMetadata map[json] C",
        ),
        embedded(
            "defaultNetwork",
            "defaultNetworks",
            NONE,
            "description string CU; dns array[string] C; dnsSearch array[string] C; hostPorts boolean C;
             kind string C; metadata map[json] CU; name string CU; subnets array[subnet] C",
        ),
        embedded(
            "subnet",
            "subnets",
            NONE,
            "cidrSize int CR =24; description string CU; endAddress string C; gateway string C; name string CU;
             networkAddress string CR; startAddress string C",
        ),
        embedded(
            "storageDriver",
            "storageDrivers",
            NONE,
            "blockDevicePath string -; description string CU; name string CU; scope enum -;
             volumeAccessMode enum - =multiHostRW; volumeCapabilities array[string] -",
        ),
        embedded(
            "virtualMachineDisk",
            "virtualMachineDisks",
            POST,
            "driver string C; name string C; opts map[string] C; readIops int C; root boolean C;
             size string C =40g; writeIops int C",
        ),
        embedded(
            "mountEntry",
            "mountEntrys",
            NONE,
            "instanceId reference[instance] -; instanceName string -; path string -;
             volumeId reference[volume] -; volumeName string -",
        ),
        embedded("binding", "bindings", POST, "services map[serviceBinding] C"),
        embedded("serviceBinding", "serviceBindings", POST, "labels map[string] C; ports array[string] C"),
        embedded("servicesPortRange", "servicesPortRanges", POST, "endPort int CUR; startPort int CUR"),
        embedded(
            "projectMember",
            "projectMembers",
            GET,
            "externalId string C; externalIdType enum C =rancher_id; name string -;
             role enum C =member opts=member|owner|readonly|restricted",
        ),
        embedded(
            "dockerBuild",
            "dockerBuilds",
            POST,
            "context string C; dockerfile string C; forcerm boolean C; nocache boolean C; remote string C;
             rm boolean C",
        ),
    ]
}

fn parse_fields(spec: &str) -> Result<IndexMap<String, Field>, String> {
    let mut out = IndexMap::new();
    for raw in spec.split(';') {
        let toks: Vec<&str> = raw.split_whitespace().collect();
        if toks.is_empty() {
            continue;
        }
        if toks.len() < 3 {
            return Err(format!("bad field spec {raw:?}"));
        }
        let flags = toks[2];
        let mut f = Field {
            ty: toks[1].to_string(),
            create: flags.contains('C'),
            update: flags.contains('U'),
            required: flags.contains('R'),
            default: None,
            min: None,
            max: None,
            min_len: None,
            max_len: None,
            valid_chars: None,
            options: Vec::new(),
        };
        for t in &toks[3..] {
            if let Some(d) = t.strip_prefix('=') {
                f.default = Some(typed_default(&f.ty, d));
            } else if let Some((k, v)) = t.split_once('=') {
                let num = || v.parse::<i64>().map_err(|_| format!("bad number in {raw:?}"));
                match k {
                    "min" => f.min = Some(num()?),
                    "max" => f.max = Some(num()?),
                    "minLen" => f.min_len = Some(num()? as usize),
                    "maxLen" => f.max_len = Some(num()? as usize),
                    "chars" => f.valid_chars = Some(v.to_string()),
                    "opts" => f.options = v.split('|').map(str::to_string).collect(),
                    _ => return Err(format!("unknown attribute {k} in {raw:?}")),
                }
            } else {
                return Err(format!("bad token {t:?} in {raw:?}"));
            }
        }
        out.insert(toks[0].to_string(), f);
    }
    Ok(out)
}

fn typed_default(ty: &str, raw: &str) -> Value {
    match ty {
        "int" => raw.parse::<i64>().map(Value::from).unwrap_or(Value::Null),
        "boolean" => Value::Bool(raw == "true"),
        _ => Value::String(raw.to_string()),
    }
}

fn build_registry() -> Result<BTreeMap<&'static str, Schema>, String> {
    let mut map = BTreeMap::new();
    for d in definitions() {
        let fields = parse_fields(d.fields)?;
        let mut filters = IndexMap::new();
        for tok in d.filters.split_whitespace() {
            let (name, ty) = match tok.split_once(':') {
                Some((n, t)) => (n.to_string(), t.to_string()),
                None => {
                    let ty = fields
                        .get(tok)
                        .map(|f| f.ty.clone())
                        .ok_or_else(|| format!("filter {tok} of {} is not a field", d.id))?;
                    (tok.to_string(), ty)
                }
            };
            filters.insert(name, ty);
        }
        map.insert(
            d.id,
            Schema {
                id: d.id,
                plural: d.plural,
                collection_methods: d.cm.to_vec(),
                resource_methods: d.rm.to_vec(),
                listable: d.listable,
                fields,
                actions: d.actions.iter().copied().collect(),
                filters,
                output_type: d.id,
            },
        );
    }
    Ok(map)
}

static REGISTRY: OnceLock<BTreeMap<&'static str, Schema>> = OnceLock::new();

/// All schemas the emulator serves, keyed by id. The definitions are static; a malformed one is a
/// programming error caught by the unit tests, and yields an empty registry rather than a panic.
pub(crate) fn registry() -> &'static BTreeMap<&'static str, Schema> {
    REGISTRY.get_or_init(|| build_registry().unwrap_or_default())
}

pub(crate) fn get(id: &str) -> Option<&'static Schema> {
    registry().get(id)
}

/// Find a listable schema by its (case-insensitive) plural name, as URLs are lower-cased.
pub(crate) fn by_plural(plural: &str) -> Option<&'static Schema> {
    registry().values().find(|s| s.listable && s.plural.eq_ignore_ascii_case(plural))
}

/// Modifiers Cattle offers for a filter of the given field type.
pub(crate) fn modifiers_for(ty: &str) -> &'static [&'static str] {
    match ty {
        "eq-only" => &["eq"],
        "string" | "password" => &["eq", "ne", "prefix", "like", "notlike", "null", "notnull"],
        "int" | "float" | "date" => &["eq", "ne", "lt", "lte", "gt", "gte", "null", "notnull"],
        _ => &["eq", "ne", "null", "notnull"],
    }
}

fn field_json(f: &Field) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!(f.ty));
    m.insert("create".into(), json!(f.create));
    m.insert("update".into(), json!(f.update));
    if f.required {
        m.insert("required".into(), json!(true));
    }
    m.insert("nullable".into(), json!(!f.required));
    if let Some(d) = &f.default {
        m.insert("default".into(), d.clone());
    }
    if let Some(v) = f.min {
        m.insert("min".into(), json!(v));
    }
    if let Some(v) = f.max {
        m.insert("max".into(), json!(v));
    }
    if let Some(v) = f.min_len {
        m.insert("minLength".into(), json!(v));
    }
    if let Some(v) = f.max_len {
        m.insert("maxLength".into(), json!(v));
    }
    if let Some(v) = &f.valid_chars {
        m.insert("validChars".into(), json!(v));
    }
    if !f.options.is_empty() {
        m.insert("options".into(), json!(f.options));
    }
    Value::Object(m)
}

/// One schema resource; `base` is the scoped API base (`http://h/v2-beta/projects/1a5`).
pub(crate) fn schema_json(s: &Schema, base: &str) -> Value {
    let mut links = Map::new();
    links.insert("self".into(), json!(format!("{base}/schemas/{}", s.id.to_ascii_lowercase())));
    if s.listable {
        links.insert("collection".into(), json!(format!("{base}/{}", s.plural.to_ascii_lowercase())));
    }
    let fields: Map<String, Value> = s.fields.iter().map(|(k, f)| (k.clone(), field_json(f))).collect();
    let actions: Map<String, Value> = s
        .actions
        .iter()
        .map(|(k, input)| (k.to_string(), json!({"input": input, "output": s.output_type})))
        .collect();
    let filters: Map<String, Value> =
        s.filters.iter().map(|(k, ty)| (k.clone(), json!({"modifiers": modifiers_for(ty)}))).collect();
    json!({
        "id": s.id,
        "type": "schema",
        "baseType": "schema",
        "links": links,
        "actions": {},
        "pluralName": s.plural,
        "resourceFields": fields,
        "resourceActions": actions,
        "collectionActions": {},
        "collectionFields": {},
        "collectionFilters": filters,
        "collectionMethods": s.collection_methods,
        "resourceMethods": s.resource_methods,
        "includeableLinks": [],
    })
}

pub(crate) fn collection_json(base: &str) -> Value {
    let data: Vec<Value> = registry().values().map(|s| schema_json(s, base)).collect();
    json!({
        "type": "collection",
        "resourceType": "schema",
        "links": {"self": format!("{base}/schemas")},
        "createTypes": {},
        "actions": {},
        "data": data,
        "sortLinks": {},
        "pagination": null,
        "sort": null,
        "filters": {},
        "createDefaults": {},
    })
}

/// Whether a body is validated for a create (defaults, required) or an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Create,
    Update,
}

/// Keep only writable fields of `schema_id`, check them, and on create fill defaults. Nested
/// objects and action inputs are always validated in create mode, as Cattle does.
pub(crate) fn sanitize(schema_id: &str, input: &Value, mode: Mode) -> ApiResult<Map<String, Value>> {
    let schema = get(schema_id).ok_or_else(|| ApiError::internal(format!("no schema {schema_id}")))?;
    let empty = Map::new();
    let obj = match input {
        Value::Object(m) => m,
        Value::Null => &empty,
        _ => {
            return Err(ApiError::invalid_body(format!("expected a JSON object for {schema_id}")));
        }
    };
    let mut out = Map::new();
    for (name, field) in &schema.fields {
        let writable = match mode {
            Mode::Create => field.create,
            Mode::Update => field.update,
        };
        let given = obj.get(name);
        if writable {
            match given {
                Some(Value::Null) if mode == Mode::Update => {
                    out.insert(name.clone(), Value::Null);
                    continue;
                }
                Some(v) if !v.is_null() => {
                    out.insert(name.clone(), check_value(name, field, v)?);
                    continue;
                }
                _ => {}
            }
        }
        if mode == Mode::Create {
            if let Some(d) = &field.default {
                out.insert(name.clone(), d.clone());
            } else if field.required && field.create {
                return Err(ApiError::validation("MissingRequired", name));
            }
        }
    }
    Ok(out)
}

fn check_value(name: &str, f: &Field, v: &Value) -> ApiResult<Value> {
    let bad = || ApiError::validation("InvalidFormat", name);
    match f.ty.as_str() {
        "int" => {
            let n = match v {
                Value::Number(n) => n.as_i64().ok_or_else(bad)?,
                Value::String(s) => s.trim().parse::<i64>().map_err(|_| bad())?,
                _ => return Err(bad()),
            };
            if f.min.is_some_and(|m| n < m) {
                return Err(ApiError::validation("MinLimitExceeded", name));
            }
            if f.max.is_some_and(|m| n > m) {
                return Err(ApiError::validation("MaxLimitExceeded", name));
            }
            Ok(Value::from(n))
        }
        "boolean" => match v {
            Value::Bool(_) => Ok(v.clone()),
            Value::String(s) if s == "true" || s == "false" => Ok(Value::Bool(s == "true")),
            _ => Err(bad()),
        },
        "string" | "password" | "date" | "enum" => {
            let s = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return Err(bad()),
            };
            if !f.options.is_empty() && !f.options.contains(&s) {
                return Err(ApiError::validation("InvalidOption", name));
            }
            if f.min_len.is_some_and(|m| s.chars().count() < m) {
                return Err(ApiError::validation("MinLengthExceeded", name));
            }
            if f.max_len.is_some_and(|m| s.chars().count() > m) {
                return Err(ApiError::validation("MaxLengthExceeded", name));
            }
            if let Some(chars) = &f.valid_chars
                && !s.chars().all(|c| char_allowed(chars, c))
            {
                return Err(ApiError::validation("InvalidCharacters", name));
            }
            Ok(Value::String(s))
        }
        ty if ty.starts_with("reference[") => match v {
            Value::String(_) => Ok(v.clone()),
            Value::Number(n) => Ok(Value::String(n.to_string())),
            _ => Err(ApiError::validation("InvalidReference", name)),
        },
        ty if ty.starts_with("array[") => {
            let inner = &ty[6..ty.len() - 1];
            let Value::Array(items) = v else {
                return Err(bad());
            };
            if get(inner).is_some() {
                items
                    .iter()
                    .map(|i| sanitize(inner, i, Mode::Create).map(Value::Object))
                    .collect::<ApiResult<Vec<_>>>()
                    .map(Value::Array)
            } else {
                Ok(v.clone())
            }
        }
        ty if ty.starts_with("map[") => match v {
            Value::Object(_) => Ok(v.clone()),
            _ => Err(bad()),
        },
        ty => {
            if get(ty).is_some() && v.is_object() {
                sanitize(ty, v, Mode::Create).map(Value::Object)
            } else if get(ty).is_some() {
                Err(bad())
            } else {
                Ok(v.clone())
            }
        }
    }
}

/// `validChars` is a character-class body such as `a-zA-Z0-9-`.
fn char_allowed(class: &str, c: char) -> bool {
    let cs: Vec<char> = class.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        if i + 2 < cs.len() && cs[i + 1] == '-' {
            if cs[i] <= c && c <= cs[i + 2] {
                return true;
            }
            i += 3;
        } else {
            if cs[i] == c {
                return true;
            }
            i += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_definitions_parse() {
        let reg = build_registry().expect("schema definitions parse");
        assert!(reg.len() > 40);
        assert_eq!(reg["service"].fields["scale"].default, Some(json!(1)));
        assert!(reg["stack"].fields["name"].required);
        assert_eq!(reg["launchConfig"].fields["version"].default, Some(json!("0")));
    }

    #[test]
    fn nested_types_exist_or_are_opaque() {
        // Every nested object type either has a schema here or is passed through verbatim.
        for s in registry().values() {
            for (action, input) in &s.actions {
                if let Some(i) = input {
                    assert!(get(i).is_some(), "{}.{action} input {i} missing", s.id);
                }
            }
        }
    }

    #[test]
    fn sanitize_drops_and_defaults() {
        let input = json!({"name": "web", "links": null, "actions": null, "id": "x", "bogus": 1,
            "launchConfig": {"imageUuid": "docker:nginx", "labels": {"a": "b"}, "weird": 3}});
        let out = sanitize("service", &input, Mode::Create).expect("valid");
        assert_eq!(out["scale"], json!(1));
        assert!(!out.contains_key("bogus") && !out.contains_key("id") && !out.contains_key("links"));
        let lc = &out["launchConfig"];
        assert_eq!(lc["version"], json!("0"));
        assert_eq!(lc["networkMode"], json!("managed"));
        assert!(lc.get("weird").is_none());
    }

    #[test]
    fn sanitize_errors() {
        let e = sanitize("service", &json!({}), Mode::Create).expect_err("name required");
        assert_eq!((e.code.as_str(), e.field_name.as_deref()), ("MissingRequired", Some("name")));
        let e = sanitize("service", &json!({"name": "a_b"}), Mode::Create).expect_err("chars");
        assert_eq!(e.code, "InvalidCharacters");
        let e = sanitize("pullTask", &json!({"image": "x", "mode": "some"}), Mode::Create).expect_err("opt");
        assert_eq!(e.code, "InvalidOption");
        let e = sanitize("rollingRestartStrategy", &json!({"batchSize": 0}), Mode::Create).expect_err("min");
        assert_eq!(e.code, "MinLimitExceeded");
        let upd = sanitize("service", &json!({"scale": 3, "launchConfig": {}}), Mode::Update).expect("ok");
        assert_eq!(upd.len(), 1);
    }

    #[test]
    fn char_classes() {
        assert!(char_allowed("a-zA-Z0-9-", 'Q'));
        assert!(char_allowed("a-zA-Z0-9-", '-'));
        assert!(!char_allowed("a-zA-Z0-9-", '_'));
    }
}
