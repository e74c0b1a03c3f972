import { HttpStatus, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager, QueryFailedError } from 'typeorm';
import { Actor, AuditService, StaffRole } from '@bacheca/audit';
import { hashPassword, RefreshTokensRepository, StaffUser } from '@bacheca/auth';
import { TenantDb } from '@bacheca/database';
import { AppError, conflict, definedOnly, notFound } from '@bacheca/http';
import { CreatedStaffUserDto, CreateStaffUserDto, StaffUserDto, UpdateStaffUserDto } from './staff.dto';

export function toStaffUserDto(u: StaffUser): StaffUserDto {
  return {
    id: u.id,
    tenantId: u.tenantId,
    email: u.email,
    fullName: u.fullName,
    role: u.role,
    active: u.active,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  };
}

const emailTaken = () => conflict('EMAIL_TAKEN', 'Questo indirizzo e-mail è già usato da un altro account.');
const notFoundUser = () => notFound('L’utente');

interface NewAccount {
  tenantId: string | null;
  email: string;
  fullName: string;
  role: StaffRole;
  password?: string;
}

/** Staff accounts: town admins manage their own comune's users; provider staff create a comune's first admin. */
@Injectable()
export class StaffService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly tokens: RefreshTokensRepository,
  ) {}

  list(tenantId: string): Promise<StaffUserDto[]> {
    return this.db.inTenant(tenantId, async (em) =>
      (await em.find(StaffUser, { order: { createdAt: 'ASC' } })).map(toStaffUserDto),
    );
  }

  listForPlatform(tenantId: string): Promise<StaffUserDto[]> {
    return this.db.asPlatform('staff.list', async (em) => {
      const exists = await em.query('select 1 from comuni where id = $1', [tenantId]);
      if (!exists.length) throw notFound('Il comune');
      return (await em.find(StaffUser, { where: { tenantId }, order: { createdAt: 'ASC' } })).map(toStaffUserDto);
    });
  }

  get(tenantId: string, id: string): Promise<StaffUserDto> {
    return this.db.inTenant(tenantId, async (em) => toStaffUserDto(await this.load(em, id)));
  }

  create(actor: Actor, tenantId: string, dto: CreateStaffUserDto): Promise<CreatedStaffUserDto> {
    return this.db.inTenant(tenantId, (em) => this.insert(em, actor, { ...dto, tenantId }));
  }

  /** Onboarding: the comune's first admin, created by provider staff. */
  createFirstAdmin(actor: Actor, tenantId: string, dto: { email: string; fullName: string; password?: string }) {
    return this.db.asPlatform('onboarding.first-admin', async (em) => {
      const exists = await em.query('select 1 from comuni where id = $1', [tenantId]);
      if (!exists.length) throw notFound('Il comune');
      return this.insert(em, actor, { ...dto, tenantId, role: 'admin' });
    });
  }

  /** Provider staff, from the command line or a seed: an account with no comune. */
  createPlatformAdmin(actor: Actor, dto: { email: string; fullName: string; password: string }) {
    return this.db.asPlatform('platform.admin.create', (em) => this.insert(em, actor, { ...dto, tenantId: null, role: 'platform_admin' }));
  }

  update(actor: Actor, tenantId: string, id: string, dto: UpdateStaffUserDto): Promise<StaffUserDto> {
    return this.db.inTenant(tenantId, async (em) => {
      const user = await this.load(em, id);
      if (id === actor.userId && (dto.role !== undefined || dto.active === false)) {
        throw new AppError(HttpStatus.CONFLICT, 'CANNOT_CHANGE_SELF', 'Non puoi cambiare il tuo ruolo né disattivare il tuo account.');
      }
      await em.update(StaffUser, { id }, definedOnly(dto));
      if (dto.active === false) await this.tokens.revokeAllOfUser(em, id);
      await this.audit.record(em, actor, { action: 'staff_user.update', targetType: 'staff_user', targetId: id, details: { ...dto, email: user.email } });
      return toStaffUserDto(await this.load(em, id));
    });
  }

  private async insert(em: EntityManager, actor: Actor, account: NewAccount): Promise<CreatedStaffUserDto> {
    const temporaryPassword = account.password ? undefined : randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(account.password ?? temporaryPassword!);
    let saved: StaffUser;
    try {
      // A savepoint, so a duplicate e-mail does not poison the caller's transaction.
      saved = await em.transaction((inner) =>
        inner.save(
          inner.create(StaffUser, {
            tenantId: account.tenantId,
            email: account.email.trim().toLowerCase(),
            fullName: account.fullName,
            role: account.role,
            passwordHash,
            active: true,
          }),
        ),
      );
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') throw emailTaken();
      throw err;
    }
    await this.audit.record(em, actor, {
      action: 'staff_user.create',
      targetType: 'staff_user',
      targetId: saved.id,
      tenantId: account.tenantId,
      details: { email: saved.email, role: saved.role },
    });
    const dto = toStaffUserDto(await this.load(em, saved.id));
    return temporaryPassword ? { ...dto, temporaryPassword } : dto;
  }

  private async load(em: EntityManager, id: string): Promise<StaffUser> {
    const user = await em.findOne(StaffUser, { where: { id } });
    if (!user) throw notFoundUser();
    return user;
  }
}
