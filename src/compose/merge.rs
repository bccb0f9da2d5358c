//! Merging two definitions of one service (a later `-f` file over an earlier one, or an
//! extending service over its base) with docker compose's rules, on the typed model:
//! - single values: the later one wins;
//! - maps (`environment`, `labels`, `ulimits`, `sysctls`, `logging.options`, `build.args`,
//!   `metadata`): merged key by key, the later value winning per key;
//! - lists of names or specs (`ports`, `links`, `dns`, ...): concatenated without duplicates;
//! - `volumes` and `devices`: merged by container path;
//! - an `image` replaces an earlier `build` and the other way round (as 0.12 did), so an
//!   override can switch between the two.
//!
//! Both structs are destructured exhaustively, so a new field cannot be left without a rule.

use indexmap::IndexMap;
use serde_yaml::Value;

use super::rancher::RancherService;
use super::service::{Build, Logging, Service};

/// A service's compose configuration and its Rancher options, as read from one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Definition {
    pub compose: Service,
    pub rancher: RancherService,
}

impl Definition {
    /// Merges `over` into `self`.
    pub(super) fn merge(&mut self, over: Self) {
        merge_service(&mut self.compose, over.compose);
        merge_rancher(&mut self.rancher, over.rancher);
    }
}

fn replace<T>(base: &mut Option<T>, over: Option<T>) {
    if over.is_some() {
        *base = over;
    }
}

fn replace_list<T>(base: &mut Vec<T>, over: Vec<T>) {
    if !over.is_empty() {
        *base = over;
    }
}

fn union<T: PartialEq>(base: &mut Vec<T>, over: Vec<T>) {
    for item in over {
        if !base.contains(&item) {
            base.push(item);
        }
    }
}

fn extend<V>(base: &mut IndexMap<String, V>, over: IndexMap<String, V>) {
    base.extend(over);
}

/// The container path of a `volumes`/`devices` entry: `src:target[:mode]` or just `target`.
fn target_of(entry: &str) -> &str {
    let mut parts = entry.split(':');
    let first = parts.next().unwrap_or(entry);
    parts.next().unwrap_or(first)
}

fn by_target(base: &mut Vec<String>, over: Vec<String>) {
    if over.is_empty() {
        return;
    }
    base.retain(|item| !over.iter().any(|o| target_of(o) == target_of(item)));
    base.extend(over);
}

fn merge_logging(base: &mut Option<Logging>, over: Option<Logging>) {
    match (base.as_mut(), over) {
        (Some(b), Some(o)) => {
            replace(&mut b.driver, o.driver);
            extend(&mut b.options, o.options);
        }
        (None, over) => *base = over,
        (Some(_), None) => {}
    }
}

fn merge_build(base: &mut Option<Build>, over: Option<Build>) {
    match (base.as_mut(), over) {
        (Some(b), Some(o)) => {
            replace(&mut b.context, o.context);
            replace(&mut b.dockerfile, o.dockerfile);
            extend(&mut b.args, o.args);
        }
        (None, over) => *base = over,
        (Some(_), None) => {}
    }
}

/// Deep merge of free-form maps such as `metadata`.
fn merge_values(base: &mut IndexMap<String, Value>, over: IndexMap<String, Value>) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Value::Mapping(b)), Value::Mapping(o)) => {
                for (k, v) in o {
                    b.insert(k, v);
                }
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn merge_service(b: &mut Service, over: Service) {
    let Service {
        image,
        build,
        dockerfile,
        command,
        entrypoint,
        environment,
        env_file,
        labels,
        links,
        external_links,
        depends_on,
        ports,
        expose,
        volumes,
        volumes_from,
        volume_driver,
        net,
        network_mode,
        networks,
        dns,
        dns_search,
        dns_opt,
        extra_hosts,
        hostname,
        domainname,
        user,
        working_dir,
        container_name,
        mac_address,
        cgroup_parent,
        cpuset,
        ipc,
        pid,
        uts,
        isolation,
        stop_signal,
        restart,
        privileged,
        read_only,
        stdin_open,
        tty,
        oom_kill_disable,
        cap_add,
        cap_drop,
        security_opt,
        devices,
        group_add,
        tmpfs,
        cpu_shares,
        cpu_quota,
        cpu_period,
        blkio_weight,
        mem_swappiness,
        oom_score_adj,
        mem_limit,
        memswap_limit,
        mem_reservation,
        shm_size,
        ulimits,
        logging,
        log_driver,
        log_opt,
        blkio_weight_device,
        device_read_bps,
        device_read_iops,
        device_write_bps,
        device_write_iops,
        sysctls,
        stop_grace_period,
        extends,
        secrets,
    } = over;
    if image.is_some() {
        b.build = None;
    }
    if build.is_some() {
        b.image = None;
    }
    replace(&mut b.image, image);
    merge_build(&mut b.build, build);
    replace(&mut b.dockerfile, dockerfile);
    replace(&mut b.command, command);
    replace(&mut b.entrypoint, entrypoint);
    extend(&mut b.environment, environment);
    union(&mut b.env_file, env_file);
    extend(&mut b.labels, labels);
    union(&mut b.links, links);
    union(&mut b.external_links, external_links);
    union(&mut b.depends_on, depends_on);
    union(&mut b.ports, ports);
    union(&mut b.expose, expose);
    by_target(&mut b.volumes, volumes);
    union(&mut b.volumes_from, volumes_from);
    replace(&mut b.volume_driver, volume_driver);
    replace(&mut b.net, net);
    replace(&mut b.network_mode, network_mode);
    replace(&mut b.networks, networks);
    union(&mut b.dns, dns);
    union(&mut b.dns_search, dns_search);
    union(&mut b.dns_opt, dns_opt);
    union(&mut b.extra_hosts, extra_hosts);
    replace(&mut b.hostname, hostname);
    replace(&mut b.domainname, domainname);
    replace(&mut b.user, user);
    replace(&mut b.working_dir, working_dir);
    replace(&mut b.container_name, container_name);
    replace(&mut b.mac_address, mac_address);
    replace(&mut b.cgroup_parent, cgroup_parent);
    replace(&mut b.cpuset, cpuset);
    replace(&mut b.ipc, ipc);
    replace(&mut b.pid, pid);
    replace(&mut b.uts, uts);
    replace(&mut b.isolation, isolation);
    replace(&mut b.stop_signal, stop_signal);
    replace(&mut b.restart, restart);
    replace(&mut b.privileged, privileged);
    replace(&mut b.read_only, read_only);
    replace(&mut b.stdin_open, stdin_open);
    replace(&mut b.tty, tty);
    replace(&mut b.oom_kill_disable, oom_kill_disable);
    union(&mut b.cap_add, cap_add);
    union(&mut b.cap_drop, cap_drop);
    union(&mut b.security_opt, security_opt);
    by_target(&mut b.devices, devices);
    union(&mut b.group_add, group_add);
    union(&mut b.tmpfs, tmpfs);
    replace(&mut b.cpu_shares, cpu_shares);
    replace(&mut b.cpu_quota, cpu_quota);
    replace(&mut b.cpu_period, cpu_period);
    replace(&mut b.blkio_weight, blkio_weight);
    replace(&mut b.mem_swappiness, mem_swappiness);
    replace(&mut b.oom_score_adj, oom_score_adj);
    replace(&mut b.mem_limit, mem_limit);
    replace(&mut b.memswap_limit, memswap_limit);
    replace(&mut b.mem_reservation, mem_reservation);
    replace(&mut b.shm_size, shm_size);
    extend(&mut b.ulimits, ulimits);
    merge_logging(&mut b.logging, logging);
    replace(&mut b.log_driver, log_driver);
    extend(&mut b.log_opt, log_opt);
    replace_list(&mut b.blkio_weight_device, blkio_weight_device);
    replace_list(&mut b.device_read_bps, device_read_bps);
    replace_list(&mut b.device_read_iops, device_read_iops);
    replace_list(&mut b.device_write_bps, device_write_bps);
    replace_list(&mut b.device_write_iops, device_write_iops);
    extend(&mut b.sysctls, sysctls);
    replace(&mut b.stop_grace_period, stop_grace_period);
    replace(&mut b.extends, extends);
    replace(&mut b.secrets, secrets);
}

fn merge_rancher(b: &mut RancherService, over: RancherService) {
    let RancherService {
        scale,
        retain_ip,
        start_on_create,
        scale_policy,
        metadata,
        health_check,
        upgrade_strategy,
        external_ips,
        hostname,
        lb_config,
        load_balancer_config,
        default_cert,
        certs,
        kind,
        vcpu,
        memory,
        userdata,
        disks,
        storage_driver,
        network_driver,
        service_schemas,
        update_strategy,
    } = over;
    replace(&mut b.scale, scale);
    replace(&mut b.retain_ip, retain_ip);
    replace(&mut b.start_on_create, start_on_create);
    replace(&mut b.scale_policy, scale_policy);
    merge_values(&mut b.metadata, metadata);
    replace(&mut b.health_check, health_check);
    replace(&mut b.upgrade_strategy, upgrade_strategy);
    union(&mut b.external_ips, external_ips);
    replace(&mut b.hostname, hostname);
    replace(&mut b.lb_config, lb_config);
    replace(&mut b.load_balancer_config, load_balancer_config);
    replace(&mut b.default_cert, default_cert);
    union(&mut b.certs, certs);
    replace(&mut b.kind, kind);
    replace(&mut b.vcpu, vcpu);
    replace(&mut b.memory, memory);
    replace(&mut b.userdata, userdata);
    replace_list(&mut b.disks, disks);
    replace(&mut b.storage_driver, storage_driver);
    replace(&mut b.network_driver, network_driver);
    replace(&mut b.service_schemas, service_schemas);
    replace(&mut b.update_strategy, update_strategy);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(yaml: &str) -> Definition {
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        let compose: Service = serde_yaml::from_value(value.clone()).unwrap();
        let mut rancher_value = value;
        if let Value::Mapping(m) = &mut rancher_value {
            m.retain(|k, _| k.as_str().is_some_and(|k| crate::compose::keys::RANCHER.contains(&k)));
        }
        let rancher: RancherService = serde_yaml::from_value(rancher_value).unwrap();
        let mut compose = compose;
        compose.normalise();
        Definition { compose, rancher }
    }

    fn merged(base: &str, over: &str) -> Definition {
        let mut b = def(base);
        b.merge(def(over));
        b
    }

    #[test]
    fn table() {
        let cases = [
            // single values replace
            ("image: a", "image: b", "image: b"),
            ("command: [a, x]", "command: [b]", "command: [b]"),
            ("privileged: true", "image: x", "privileged: true\nimage: x"),
            // maps merge per key, later wins
            (
                "environment: {A: '1', B: '2'}",
                "environment: {B: '3', C: '4'}",
                "environment: {A: '1', B: '3', C: '4'}",
            ),
            ("environment: [A=1]", "environment: {B: '2'}", "environment: {A: '1', B: '2'}"),
            ("labels: {a: x}", "labels: [b=y]", "labels: {a: x, b: y}"),
            (
                "logging: {driver: syslog, options: {a: '1'}}",
                "logging: {options: {b: '2'}}",
                "logging: {driver: syslog, options: {a: '1', b: '2'}}",
            ),
            ("log_driver: syslog", "log_opt: {a: b}", "logging: {driver: syslog, options: {a: b}}"),
            ("metadata: {a: {b: 1}}", "metadata: {a: {c: 2}}", "metadata: {a: {b: 1, c: 2}}"),
            (
                "build: {context: ., args: {A: '1'}}",
                "build: {args: {B: '2'}}",
                "build: {context: ., args: {A: '1', B: '2'}}",
            ),
            // lists without duplicates
            ("ports: ['80:80']", "ports: ['81:81', '80:80']", "ports: ['80:80', '81:81']"),
            ("links: [db]", "links: [cache]", "links: [db, cache]"),
            ("dns: 8.8.8.8", "dns: [8.8.4.4, 8.8.8.8]", "dns: [8.8.8.8, 8.8.4.4]"),
            // volumes by container path
            (
                "volumes: ['/a:/data', '/logs']",
                "volumes: ['/b:/data:ro']",
                "volumes: ['/logs', '/b:/data:ro']",
            ),
            // image and build exclude each other
            ("build: .", "image: nginx", "image: nginx"),
            ("image: nginx", "build: {context: .}", "build: {context: .}"),
            // Rancher keys
            ("image: a\nscale: 1", "scale: 2\nretain_ip: true", "image: a\nscale: 2\nretain_ip: true"),
            (
                "health_check: {port: 80, interval: 2000}",
                "health_check: {port: 81}",
                "health_check: {port: 81}",
            ),
        ];
        for (base, over, want) in cases {
            assert_eq!(merged(base, over), def(want), "{base} + {over}");
        }
    }
}
