//! Which Rancher service type a compose service becomes, decided as rancher-compose 0.12 did
//! (`rancher-compose-behavior.md` §8.1), and the request fields that differ per type.

use crate::compose::ProjectService;

/// The Rancher type of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Normal,
    LoadBalancer,
    LegacyLoadBalancer,
    External,
    Dns,
    NetworkDriver,
    StorageDriver,
}

impl Kind {
    /// Classifies a service, first match wins.
    #[must_use]
    pub(crate) fn of(service: &ProjectService) -> Self {
        let r = &service.rancher;
        let image = service.compose.image.as_deref().unwrap_or_default();
        let image = image.split(':').next().unwrap_or(image);
        if !r.external_ips.is_empty() || r.hostname.is_some() {
            Self::External
        } else if image == "rancher/load-balancer-service" {
            Self::LegacyLoadBalancer
        } else if r.lb_config.as_ref().is_some_and(|lb| lb.is_balancer()) {
            Self::LoadBalancer
        } else if image == "rancher/dns-service" {
            Self::Dns
        } else if r.network_driver.is_some() {
            Self::NetworkDriver
        } else if r.storage_driver.is_some() {
            Self::StorageDriver
        } else {
            Self::Normal
        }
    }

    /// The schema type services of this kind are created as.
    #[must_use]
    pub(crate) fn schema_type(self) -> &'static str {
        match self {
            Self::Normal => "service",
            Self::LoadBalancer | Self::LegacyLoadBalancer => "loadBalancerService",
            Self::External => "externalService",
            Self::Dns => "dnsService",
            Self::NetworkDriver => "networkDriverService",
            Self::StorageDriver => "storageDriverService",
        }
    }

    /// The schema type name a server reports (`loadBalancerService`, ...), as a static name.
    #[must_use]
    pub(crate) fn schema_name(type_name: &str) -> &'static str {
        [
            Self::Normal,
            Self::LoadBalancer,
            Self::External,
            Self::Dns,
            Self::NetworkDriver,
            Self::StorageDriver,
        ]
        .into_iter()
        .map(Self::schema_type)
        .find(|t| *t == type_name)
        .unwrap_or("service")
    }

    /// Whether the service runs containers of its own (and so has a scale).
    #[must_use]
    pub(crate) fn has_containers(self) -> bool {
        !matches!(self, Self::External | Self::Dns)
    }

    /// Whether links are set with `setservicelinks` (v2 load balancers and external services
    /// route by rules and addresses instead).
    #[must_use]
    pub(crate) fn takes_links(self) -> bool {
        !matches!(self, Self::External | Self::LoadBalancer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(compose: &str, rancher: &str) -> Kind {
        let s = ProjectService {
            compose: serde_yaml::from_str(compose).unwrap(),
            rancher: serde_yaml::from_str(rancher).unwrap(),
        };
        Kind::of(&s)
    }

    #[test]
    fn kinds_in_0_12_order() {
        assert_eq!(kind("image: nginx", "{}"), Kind::Normal);
        assert_eq!(kind("image: x", "external_ips: [1.2.3.4]"), Kind::External);
        assert_eq!(kind("image: x", "hostname: a.example.com"), Kind::External);
        assert_eq!(kind("image: rancher/load-balancer-service", "{}"), Kind::LegacyLoadBalancer);
        assert_eq!(
            kind("image: rancher/lb-service-haproxy:v0.7.15", "lb_config: {port_rules: [{source_port: 80}]}"),
            Kind::LoadBalancer
        );
        assert_eq!(kind("image: nginx", "lb_config: {port_rules: [{target_port: 80}]}"), Kind::Normal);
        assert_eq!(kind("image: rancher/dns-service", "{}"), Kind::Dns);
        assert_eq!(kind("image: x", "network_driver: {name: n}"), Kind::NetworkDriver);
        assert_eq!(kind("image: x", "storage_driver: {name: s}"), Kind::StorageDriver);
        // A container hostname in docker-compose.yml is not an external service.
        assert_eq!(kind("image: x\nhostname: box", "{}"), Kind::Normal);
    }
}
