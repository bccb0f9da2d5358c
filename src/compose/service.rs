//! The compose part of a service: every docker-compose v1/v2 key Rancher understands, in one
//! normalised form (v1 `net`, `log_driver`, `log_opt` and `dockerfile` are folded into their v2
//! spellings when a file is read).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_yaml::Value;

use super::shapes;

/// A compose service after loading, merging and interpolation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Service {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build: Option<Build>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub dockerfile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::shell_words")]
    pub command: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::shell_words")]
    pub entrypoint: Option<Vec<String>>,
    #[serde(skip_serializing_if = "IndexMap::is_empty", deserialize_with = "shapes::env_map")]
    pub environment: IndexMap<String, Option<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::string_list")]
    pub env_file: Vec<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty", deserialize_with = "shapes::label_map")]
    pub labels: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub links: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub external_links: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub depends_on: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub ports: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub expose: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub volumes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub volumes_from: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub volume_driver: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub net: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub network_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub networks: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::string_list")]
    pub dns: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::string_list")]
    pub dns_search: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub dns_opt: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::host_list")]
    pub extra_hosts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub domainname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub working_dir: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub container_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub mac_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub cgroup_parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub cpuset: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub ipc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub pid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub uts: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub isolation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub stop_signal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "restart_policy")]
    pub restart: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::flag")]
    pub privileged: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::flag")]
    pub read_only: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::flag")]
    pub stdin_open: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::flag")]
    pub tty: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::flag")]
    pub oom_kill_disable: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub cap_add: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub cap_drop: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub security_opt: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub devices: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::list")]
    pub group_add: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "shapes::string_list")]
    pub tmpfs: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub cpu_shares: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub cpu_quota: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub cpu_period: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub blkio_weight: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub mem_swappiness: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::int")]
    pub oom_score_adj: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::bytes")]
    pub mem_limit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::bytes")]
    pub memswap_limit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::bytes")]
    pub mem_reservation: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::bytes")]
    pub shm_size: Option<i64>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub ulimits: IndexMap<String, Ulimit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging: Option<Logging>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub log_driver: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty", deserialize_with = "shapes::label_map")]
    pub log_opt: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blkio_weight_device: Vec<WeightDevice>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "throttle_devices")]
    pub device_read_bps: Vec<ThrottleDevice>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "throttle_devices")]
    pub device_read_iops: Vec<ThrottleDevice>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "throttle_devices")]
    pub device_write_bps: Vec<ThrottleDevice>,
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "throttle_devices")]
    pub device_write_iops: Vec<ThrottleDevice>,
    #[serde(skip_serializing_if = "IndexMap::is_empty", deserialize_with = "shapes::label_map")]
    pub sysctls: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub stop_grace_period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extends: Option<Extends>,
    /// Secret references (Rancher CLI 0.6 syntax); kept for `config`, not deployed yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Value>,
}

impl Service {
    /// Folds the v1 spellings into the v2 ones, so later stages see one form.
    pub fn normalise(&mut self) {
        if let Some(net) = self.net.take() {
            self.network_mode.get_or_insert(net);
        }
        if self.log_driver.is_some() || !self.log_opt.is_empty() {
            let logging = self.logging.get_or_insert_with(Logging::default);
            if let Some(driver) = self.log_driver.take() {
                logging.driver = Some(driver);
            }
            logging.options.extend(std::mem::take(&mut self.log_opt));
        }
        if let Some(dockerfile) = self.dockerfile.take() {
            let build = self.build.get_or_insert_with(Build::default);
            build.dockerfile = Some(dockerfile);
        }
        self.fold_unset_parts();
    }

    /// Unset variables leave `${PORT}:443` as `:443` and `${A}:${B}` as `:`. As 0.12 did, the
    /// port is sent without a host port, `443/tcp` (catalogs leave a port answer empty to not
    /// publish it), and the volume is dropped.
    fn fold_unset_parts(&mut self) {
        for port in &mut self.ports {
            if let Some(container) = port.strip_prefix(':').filter(|c| !c.contains(':')) {
                *port =
                    if container.contains('/') { container.to_owned() } else { format!("{container}/tcp") };
            }
        }
        self.volumes.retain(|v| v != ":");
    }

    /// Names this service depends on through `links` (the part before `:`), in order.
    pub fn link_targets(&self) -> impl Iterator<Item = &str> {
        self.links.iter().map(|l| l.split(':').next().unwrap_or(l).trim())
    }
}

fn restart_policy<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    // YAML `restart: no` is the boolean false; docker means the policy "no".
    match Value::deserialize(d)? {
        Value::Bool(false) => Ok(Some("no".to_owned())),
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        _ => Err(serde::de::Error::custom("expected a restart policy such as `always` or `no`")),
    }
}

/// `build: path` or `build: {context, dockerfile, args}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "BuildShape")]
pub struct Build {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dockerfile: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub args: IndexMap<String, Option<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum BuildShape {
    Context(String),
    Full(BuildFull),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BuildFull {
    #[serde(default, deserialize_with = "shapes::string")]
    context: Option<String>,
    #[serde(default, deserialize_with = "shapes::string")]
    dockerfile: Option<String>,
    #[serde(default, deserialize_with = "shapes::env_map")]
    args: IndexMap<String, Option<String>>,
}

impl From<BuildShape> for Build {
    fn from(shape: BuildShape) -> Self {
        match shape {
            BuildShape::Context(context) => Self { context: Some(context), ..Self::default() },
            BuildShape::Full(f) => Self { context: f.context, dockerfile: f.dockerfile, args: f.args },
        }
    }
}

/// `logging: {driver, options}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Logging {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "shapes::string")]
    pub driver: Option<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty", deserialize_with = "shapes::label_map")]
    pub options: IndexMap<String, String>,
}

/// `ulimits: {nofile: 1024}` or `{nofile: {soft, hard}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Ulimit {
    Single(i64),
    Range { soft: i64, hard: i64 },
}

/// `blkio_weight_device` entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightDevice {
    pub path: String,
    #[serde(deserialize_with = "required_int")]
    pub weight: i64,
}

/// `device_{read,write}_{bps,iops}` entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThrottleDevice {
    pub path: String,
    #[serde(deserialize_with = "rate")]
    pub rate: Value,
}

/// Throttled devices: a list of `{path, rate}` (docker compose 2.x), or as 0.12 took them a map
/// `{/dev/sda: 200}` or a list of `path:rate` strings.
fn throttle_devices<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<ThrottleDevice>, D::Error> {
    use serde::de::Error;
    let device = |path: String, rate: Value| -> Result<ThrottleDevice, D::Error> {
        let rate = shapes::bytes(rate).map_err(D::Error::custom)?;
        let rate = rate.ok_or_else(|| D::Error::custom(format!("device `{path}` has no rate")))?;
        Ok(ThrottleDevice { path, rate: Value::from(rate) })
    };
    match Value::deserialize(d)? {
        Value::Null => Ok(Vec::new()),
        Value::Mapping(map) => map
            .into_iter()
            .map(|(path, rate)| match shapes::scalar_text(&path) {
                Some(Ok(path)) => device(path, rate),
                _ => Err(D::Error::custom("expected a device path as the key")),
            })
            .collect(),
        Value::Sequence(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(spec) => match spec.rsplit_once(':') {
                    Some((path, rate)) => device(path.to_owned(), Value::String(rate.to_owned())),
                    None => Err(D::Error::custom(format!("`{spec}` is not `path:rate`"))),
                },
                other => ThrottleDevice::deserialize(other).map_err(D::Error::custom),
            })
            .collect(),
        _ => Err(D::Error::custom("expected a list or a map of devices")),
    }
}

fn required_int<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    shapes::int(d)?.ok_or_else(|| serde::de::Error::custom("expected an integer"))
}

fn rate<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    // Rates are counts (iops) or byte sizes with units (bps); keep the number.
    let bytes = shapes::bytes(d)?.ok_or_else(|| serde::de::Error::custom("expected a rate"))?;
    Ok(Value::from(bytes))
}

/// `extends: {service, file}`; the string form names a service of the same file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "ExtendsShape")]
pub struct Extends {
    pub service: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ExtendsShape {
    Service(String),
    Full(ExtendsFull),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtendsFull {
    service: String,
    #[serde(default)]
    file: Option<String>,
}

impl From<ExtendsShape> for Extends {
    fn from(shape: ExtendsShape) -> Self {
        match shape {
            ExtendsShape::Service(service) => Self { service, file: None },
            ExtendsShape::Full(f) => Self { service: f.service, file: f.file },
        }
    }
}
