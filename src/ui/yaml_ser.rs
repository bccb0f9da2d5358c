//! A serde `Serializer` that writes block-style YAML text directly, without building a value
//! tree first (building one cost as much as writing it on large projects). Layout:
//! `key: scalar`, nested maps and lists on the following lines two spaces deeper, list items as
//! `- ` with a map's first key on the dash line, `{}`/`[]` for empty collections, and scalars
//! quoted by [`super::yaml::write_string`]'s rules.

use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

use super::yaml::{indent, write_string};

/// Where a value is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Pos {
    /// The whole document.
    Root,
    /// After `key:` on a line at this level.
    AfterKey,
    /// After `-` on a line at this level.
    SeqItem,
}

#[derive(Debug)]
pub(super) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

/// Serializes one value at `level` in position `pos`.
pub(super) struct ValueSer<'a> {
    pub out: &'a mut String,
    pub level: usize,
    pub pos: Pos,
}

impl ValueSer<'_> {
    /// The level nested entries and items are written at.
    fn child_level(&self) -> usize {
        if self.pos == Pos::Root { 0 } else { self.level + 1 }
    }

    fn scalar(self, write: impl FnOnce(&mut String, usize)) -> Result<(), Error> {
        if self.pos != Pos::Root {
            self.out.push(' ');
        }
        let level = self.child_level();
        write(self.out, level);
        self.out.push('\n');
        Ok(())
    }

    fn text(self, text: &str) -> Result<(), Error> {
        self.scalar(|out, level| write_string(out, text, level))
    }

    fn raw(self, text: &str) -> Result<(), Error> {
        self.scalar(|out, _| out.push_str(text))
    }
}

/// Writes the entries of a map (or struct) as they come.
pub(super) struct MapSer<'a> {
    out: &'a mut String,
    level: usize,
    pos: Pos,
    count: usize,
    key: String,
}

impl MapSer<'_> {
    fn start_entry(&mut self, key: &str) {
        let entry_level = if self.pos == Pos::Root { 0 } else { self.level + 1 };
        match (self.count, self.pos) {
            (0, Pos::AfterKey) => self.out.push('\n'),
            // The first key of a map in a list stays on the dash line.
            (0, Pos::SeqItem) => self.out.push(' '),
            _ => {}
        }
        if !(self.count == 0 && self.pos == Pos::SeqItem) {
            indent(self.out, entry_level);
        }
        write_string(self.out, key, entry_level);
        self.out.push(':');
        self.count += 1;
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let entry_level = if self.pos == Pos::Root { 0 } else { self.level + 1 };
        value.serialize(ValueSer { out: self.out, level: entry_level, pos: Pos::AfterKey })
    }

    fn finish(self) -> Result<(), Error> {
        if self.count == 0 {
            self.out.push_str(if self.pos == Pos::Root { "{}\n" } else { " {}\n" });
        }
        Ok(())
    }
}

/// Writes the items of a list as they come.
pub(super) struct SeqSer<'a> {
    out: &'a mut String,
    level: usize,
    pos: Pos,
    count: usize,
}

impl SeqSer<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let item_level = if self.pos == Pos::Root { 0 } else { self.level + 1 };
        if self.count == 0 && self.pos != Pos::Root {
            self.out.push('\n');
        }
        indent(self.out, item_level);
        self.out.push('-');
        self.count += 1;
        value.serialize(ValueSer { out: self.out, level: item_level, pos: Pos::SeqItem })
    }

    fn finish(self) -> Result<(), Error> {
        if self.count == 0 {
            self.out.push_str(if self.pos == Pos::Root { "[]\n" } else { " []\n" });
        }
        Ok(())
    }
}

impl<'a> ser::Serializer for ValueSer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = SeqSer<'a>;
    type SerializeTuple = SeqSer<'a>;
    type SerializeTupleStruct = SeqSer<'a>;
    type SerializeTupleVariant = SeqSer<'a>;
    type SerializeMap = MapSer<'a>;
    type SerializeStruct = MapSer<'a>;
    type SerializeStructVariant = MapSer<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.raw(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.scalar(|out, _| {
            let _ = write!(out, "{v}");
        })
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.scalar(|out, _| {
            let _ = write!(out, "{v}");
        })
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        let text = if v.is_nan() {
            ".nan".to_owned()
        } else if v.is_infinite() {
            if v > 0.0 { ".inf".to_owned() } else { "-.inf".to_owned() }
        } else if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{v:.1}")
        } else {
            v.to_string()
        };
        self.raw(&text)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.text(&v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.text(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(Error("bytes cannot be written as YAML".into()))
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.raw("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.raw("null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.raw("null")
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut map = self.serialize_map(Some(1))?;
        map.start_entry(variant);
        map.value(value)?;
        map.finish()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<SeqSer<'a>, Error> {
        Ok(SeqSer { out: self.out, level: self.level, pos: self.pos, count: 0 })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSer<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqSer<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<SeqSer<'a>, Error> {
        Err(Error("tuple variants cannot be written as YAML".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapSer<'a>, Error> {
        Ok(MapSer { out: self.out, level: self.level, pos: self.pos, count: 0, key: String::new() })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapSer<'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<MapSer<'a>, Error> {
        Err(Error("struct variants cannot be written as YAML".into()))
    }
}

impl ser::SerializeSeq for SeqSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTuple for SeqSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for SeqSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for SeqSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeMap for MapSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = key.serialize(KeySer)?;
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = std::mem::take(&mut self.key);
        self.start_entry(&key);
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for MapSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.start_entry(key);
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for MapSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.start_entry(key);
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// Map keys as text (YAML keys here are scalars).
struct KeySer;

impl ser::Serializer for KeySer {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = ser::Impossible<String, Error>;
    type SerializeTuple = ser::Impossible<String, Error>;
    type SerializeTupleStruct = ser::Impossible<String, Error>;
    type SerializeTupleVariant = ser::Impossible<String, Error>;
    type SerializeMap = ser::Impossible<String, Error>;
    type SerializeStruct = ser::Impossible<String, Error>;
    type SerializeStructVariant = ser::Impossible<String, Error>;

    fn serialize_bool(self, v: bool) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_f64(self, v: f64) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<String, Error> {
        Ok(v.to_owned())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, Error> {
        Err(Error("a map key cannot be bytes".into()))
    }
    fn serialize_none(self) -> Result<String, Error> {
        Ok("null".into())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, Error> {
        Ok("null".into())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, Error> {
        Ok("null".into())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<String, Error> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Error> {
        Err(Error("a map key must be a scalar".into()))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(Error("a map key must be a scalar".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(Error("a map key must be a scalar".into()))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(Error("a map key must be a scalar".into()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error("a map key must be a scalar".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(Error("a map key must be a scalar".into()))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(Error("a map key must be a scalar".into()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error("a map key must be a scalar".into()))
    }
}
