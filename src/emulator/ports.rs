//! Launch-config ports as Cattle stores them (its PortSpec): `[ip:][public:]private[/protocol]`,
//! written back with the protocol always present (`80:80` → `80:80/tcp`), and on a load balancer a
//! lone port publishes itself (`7900/tcp` → `7900:7900/tcp`, what 0.12.5 sends for a legacy
//! balancer's `7900:80/tcp`). Specs that do not parse are refused with Cattle's error codes.

use serde_json::Value;

use super::error::{ApiError, ApiResult};
use super::store::Obj;

/// One parsed port spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PortSpec {
    pub ip: Option<String>,
    pub public: Option<u16>,
    pub private: u16,
    pub protocol: String,
}

impl PortSpec {
    /// Parse as Cattle does; the error is its code (`PortWrongFormat`, ...).
    pub(super) fn parse(spec: &str) -> Result<PortSpec, &'static str> {
        let (ip, rest) = split_ip(spec)?;
        let (ports, protocol) = match rest.split_once('/') {
            Some((p, proto)) => (p, proto.to_string()),
            None => (rest, "tcp".to_string()),
        };
        let (public, private) = match ports.split_once(':') {
            Some((public, private)) => (Some(public), private),
            None => (None, ports),
        };
        let number = |s: &str| -> Result<u32, &'static str> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err("PortWrongFormat");
            }
            Ok(s.parse::<u32>().unwrap_or(u32::MAX))
        };
        let private =
            u16::try_from(number(private)?).ok().filter(|p| *p > 0).ok_or("PortInvalidPrivatePort")?;
        let public = match public {
            Some(p) => {
                Some(u16::try_from(number(p)?).ok().filter(|p| *p > 0).ok_or("PortInvalidPublicPort")?)
            }
            None => None,
        };
        if protocol != "tcp" && protocol != "udp" {
            return Err("PortInvalidProtocol");
        }
        Ok(PortSpec { ip, public, private, protocol })
    }

    pub(super) fn to_spec(&self) -> String {
        let ip = self.ip.as_deref().map(|ip| format!("{ip}:")).unwrap_or_default();
        let public = self.public.map(|p| format!("{p}:")).unwrap_or_default();
        format!("{ip}{public}{}/{}", self.private, self.protocol)
    }

    /// The host port this spec occupies, as `80/tcp`.
    pub(super) fn host_port(&self) -> Option<String> {
        self.public.map(|p| format!("{p}/{}", self.protocol))
    }
}

/// `[v6]:rest` or `ip:public:private` carry an address in front.
fn split_ip(spec: &str) -> Result<(Option<String>, &str), &'static str> {
    if let Some((addr, rest)) = spec.split_once(']') {
        let addr = addr.strip_prefix('[').ok_or("PortWrongFormat")?;
        return Ok((Some(addr.to_string()), rest.strip_prefix(':').unwrap_or(rest)));
    }
    if spec.matches(':').count() == 2 {
        let (addr, rest) = spec.split_once(':').ok_or("PortWrongFormat")?;
        return Ok((
            Some(addr.to_string()).filter(|a| !a.is_empty()),
            rest.strip_prefix(':').unwrap_or(rest),
        ));
    }
    Ok((None, spec))
}

/// Rewrite `lc.ports` into Cattle's stored form. `balancer`: lone ports publish themselves.
pub(super) fn normalise(lc: &mut Obj, balancer: bool) -> ApiResult<()> {
    let Some(Value::Array(ports)) = lc.get_mut("ports") else { return Ok(()) };
    for port in ports.iter_mut() {
        let Some(text) = port.as_str() else {
            return Err(ApiError::validation("InvalidFormat", "ports"));
        };
        let mut spec = PortSpec::parse(text).map_err(|code| ApiError::new(422, code))?;
        if balancer && spec.public.is_none() {
            spec.public = Some(spec.private);
        }
        *port = Value::String(spec.to_spec());
    }
    Ok(())
}

/// The host ports (`80/tcp`) a launch config publishes.
pub(super) fn host_ports(lc: &Obj) -> Vec<String> {
    lc.get("ports")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(|p| PortSpec::parse(p).ok())
        .filter_map(|p| p.host_port())
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn stored(ports: Value, balancer: bool) -> Value {
        let mut lc = Obj::new();
        lc.insert("ports".into(), ports);
        normalise(&mut lc, balancer).map(|()| lc["ports"].clone()).unwrap_or_else(|e| json!(e.code))
    }

    #[test]
    fn ports_are_stored_as_cattle_writes_them() {
        assert_eq!(
            stored(json!(["80:80", "8080:80/udp", "90"]), false),
            json!(["80:80/tcp", "8080:80/udp", "90/tcp"])
        );
        assert_eq!(
            stored(json!(["7900/tcp", "8080", "80:8080/tcp"]), true),
            json!(["7900:7900/tcp", "8080:8080/tcp", "80:8080/tcp"])
        );
        assert_eq!(
            stored(json!(["127.0.0.1:80:80", "10.0.0.1::81"]), false),
            json!(["127.0.0.1:80:80/tcp", "10.0.0.1:81/tcp"])
        );
        assert_eq!(stored(json!(["[::1]:80:80"]), false), json!(["::1:80:80/tcp"]));
    }

    #[test]
    fn bad_specs_get_cattle_codes() {
        assert_eq!(stored(json!(["x"]), false), json!("PortWrongFormat"));
        assert_eq!(stored(json!(["80/sctp"]), false), json!("PortInvalidProtocol"));
        assert_eq!(stored(json!(["0:80"]), false), json!("PortInvalidPublicPort"));
        assert_eq!(stored(json!(["70000"]), false), json!("PortInvalidPrivatePort"));
    }

    #[test]
    fn host_ports_are_the_published_ones() {
        let mut lc = Obj::new();
        lc.insert("ports".into(), json!(["80:80/tcp", "90/tcp", "53:53/udp"]));
        assert_eq!(host_ports(&lc), vec!["80/tcp", "53/udp"]);
    }
}
