//! The schemas the emulator serves, written in the compact field notation of [`super`]: the
//! real Rancher 1.6 types, their fields, actions and filters.

use super::Def;

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

pub(super) fn definitions() -> Vec<Def> {
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
