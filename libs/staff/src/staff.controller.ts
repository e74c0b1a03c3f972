import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bacheca/audit';
import { CurrentActor, PlatformOnly, tenantOf, TownRoles } from '@bacheca/auth';
import { CreatedStaffUserDto, CreateFirstAdminDto, CreateStaffUserDto, StaffUserDto, UpdateStaffUserDto } from './staff.dto';
import { StaffService } from './staff.service';

/** A comune's admins manage the comune's own users. */
@ApiTags('users')
@Controller('api/v1/users')
@TownRoles('admin')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @ApiOkResponse({ type: [StaffUserDto] })
  list(@CurrentActor() actor: Actor): Promise<StaffUserDto[]> {
    return this.staff.list(tenantOf(actor));
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedStaffUserDto })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateStaffUserDto): Promise<CreatedStaffUserDto> {
    return this.staff.create(actor, tenantOf(actor), dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: StaffUserDto })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<StaffUserDto> {
    return this.staff.get(tenantOf(actor), id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: StaffUserDto })
  @ApiNotFoundResponse()
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateStaffUserDto): Promise<StaffUserDto> {
    return this.staff.update(actor, tenantOf(actor), id, dto);
  }
}

/** Provider staff: a comune's first admin, and who its users are. */
@ApiTags('platform: comuni')
@Controller('api/v1/platform/comuni/:comuneId/users')
@PlatformOnly()
export class PlatformStaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @ApiOkResponse({ type: [StaffUserDto] })
  @ApiNotFoundResponse()
  list(@Param('comuneId', ParseUUIDPipe) comuneId: string): Promise<StaffUserDto[]> {
    return this.staff.listForPlatform(comuneId);
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedStaffUserDto })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN' })
  createAdmin(
    @CurrentActor() actor: Actor,
    @Param('comuneId', ParseUUIDPipe) comuneId: string,
    @Body() dto: CreateFirstAdminDto,
  ): Promise<CreatedStaffUserDto> {
    return this.staff.createFirstAdmin(actor, comuneId, dto);
  }
}
